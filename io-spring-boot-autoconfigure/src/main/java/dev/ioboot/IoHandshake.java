package dev.ioboot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a client sent when it connected: the HTTP request that opened its transport, and the
 * {@code auth} payload of its Socket.IO CONNECT packet.
 *
 * @param headers the request headers, names in lower case
 * @param query the query parameters
 * @param auth the CONNECT payload, an empty map when the client sent none
 * @param address the client's IP address
 * @param url the request URI
 * @param time when the transport was opened
 * @param secure whether the connection used TLS
 */
public record IoHandshake(Map<String, List<String>> headers, Map<String, List<String>> query,
		Map<String, Object> auth, String address, String url, Instant time, boolean secure) {

	/**
	 * Return the first value of a header.
	 * @param name the header name, any case
	 * @return the value or {@code null}
	 */
	public String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(java.util.Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
