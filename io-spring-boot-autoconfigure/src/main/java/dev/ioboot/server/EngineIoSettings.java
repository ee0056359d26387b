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
 * @param perMessageDeflate the WebSocket permessage-deflate extension
 * @param httpCompression the compression of polling responses
 */
public record EngineIoSettings(String path, Set<Transport> transports, Duration pingInterval, Duration pingTimeout,
		Duration connectTimeout, int maxPayload, CorsPolicy cors, Compression perMessageDeflate,
		Compression httpCompression) {

	/**
	 * Create settings with Node's compression defaults: no permessage-deflate, polling
	 * responses of 1024 bytes and more compressed.
	 * @param path the endpoint path, such as {@code /socket.io}
	 * @param transports the transports clients may use
	 * @param pingInterval the interval between pings
	 * @param pingTimeout the time a client has to answer a ping
	 * @param connectTimeout the time a client has to send its first CONNECT
	 * @param maxPayload the largest message a client may send, in bytes
	 * @param cors the cross-origin policy
	 */
	public EngineIoSettings(String path, Set<Transport> transports, Duration pingInterval, Duration pingTimeout,
			Duration connectTimeout, int maxPayload, CorsPolicy cors) {
		this(path, transports, pingInterval, pingTimeout, connectTimeout, maxPayload, cors,
				Compression.DISABLED_PER_MESSAGE_DEFLATE, Compression.DEFAULT_HTTP);
	}

	/**
	 * Whether, and from which size, messages are compressed.
	 *
	 * @param enabled whether compression is on
	 * @param threshold the size in bytes from which a message is compressed: smaller ones
	 * are sent as they are
	 */
	public record Compression(boolean enabled, int threshold) {

		/** The default threshold, Node's: 1024 bytes. */
		public static final int DEFAULT_THRESHOLD = 1024;

		/** Node's default for permessage-deflate: off. */
		public static final Compression DISABLED_PER_MESSAGE_DEFLATE = new Compression(false, DEFAULT_THRESHOLD);

		/** Node's default for polling responses: on, from 1024 bytes. */
		public static final Compression DEFAULT_HTTP = new Compression(true, DEFAULT_THRESHOLD);

		/**
		 * Validate the values.
		 */
		public Compression {
			if (threshold < 0) {
				throw new IllegalArgumentException("'threshold' must not be negative");
			}
		}

		/**
		 * Return whether a message of the given size is compressed.
		 * @param size the message size in bytes
		 * @return {@code true} if compression is on and the message is not smaller than the
		 * threshold
		 */
		public boolean compresses(int size) {
			return this.enabled && size >= this.threshold;
		}

	}

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
