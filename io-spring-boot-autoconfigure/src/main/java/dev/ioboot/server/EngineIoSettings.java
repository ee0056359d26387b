package dev.ioboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Set;


/**
 * Engine.IO settings of the protocol layer, read once when the server starts.
 *
 * @param path the endpoint path, such as {@code /socket.io}
 * @param transports the transports clients may use
 * @param pingInterval the interval between pings
 * @param pingTimeout the time a client has to answer a ping
 * @param connectTimeout the time a client has to send its first CONNECT
 * @param maxPayload the largest message a client may send, in bytes
 * @param cors the cross-origin policy
 */
public record EngineIoSettings(String path, Set<Transport> transports, Duration pingInterval, Duration pingTimeout,
		Duration connectTimeout, int maxPayload, CorsPolicy cors) {

	/**
	 * Cross-origin policy of the polling transport.
	 *
	 * @param origins the allowed origins, {@code *} for any
	 * @param methods the allowed methods
	 * @param allowCredentials whether credentials are allowed (never with {@code *})
	 */
	public record CorsPolicy(List<String> origins, List<String> methods, boolean allowCredentials) {

		/**
		 * Return the value of {@code Access-Control-Allow-Origin} for a request origin.
		 * @param origin the request's {@code Origin} header, or {@code null}
		 * @return the header value, or {@code null} when the origin is not allowed
		 */
		public String allowOrigin(String origin) {
			if (origin == null) {
				return null;
			}
			if (this.origins.contains(origin)) {
				return origin;
			}
			return this.origins.contains("*") ? "*" : null;
		}

	}

}
