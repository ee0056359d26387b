package dev.ioboot.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP request that asks to open an Engine.IO session, as an {@link IoRequestFilter}
 * sees it. Read-only.
 *
 * @param transport the transport the client opens the session with
 * @param headers the request headers, names in lower case
 * @param query the query parameters
 * @param address the client's IP address: the connection's peer, or the address a trusted
 * proxy forwarded ({@code io.limits.trusted-proxies}); {@code null} if unknown
 * @param url the request URI, such as {@code /socket.io/?EIO=4&transport=polling}
 * @param secure whether the connection uses TLS
 */
public record IoHandshakeRequest(Transport transport, Map<String, List<String>> headers,
		Map<String, List<String>> query, String address, String url, boolean secure) {

	/**
	 * Create a request view, copying its maps.
	 */
	public IoHandshakeRequest {
		Map<String, List<String>> lowerCase = new LinkedHashMap<>();
		headers.forEach((name, values) -> lowerCase.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
				(first, second) -> {
					List<String> all = new ArrayList<>(first);
					all.addAll(second);
					return List.copyOf(all);
				}));
		headers = Collections.unmodifiableMap(lowerCase);
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		query.forEach((name, values) -> parameters.put(name, List.copyOf(values)));
		query = Collections.unmodifiableMap(parameters);
	}

	/**
	 * Return the first value of a header.
	 * @param name the header name, any case
	 * @return the value, or {@code null}
	 */
	public String header(String name) {
		return first(this.headers.get(name.toLowerCase(Locale.ROOT)));
	}

	/**
	 * Return the first value of a query parameter.
	 * @param name the parameter name
	 * @return the value, or {@code null}
	 */
	public String queryParameter(String name) {
		return first(this.query.get(name));
	}

	/**
	 * Return the value of a cookie the request carries.
	 * @param name the cookie name
	 * @return the value, or {@code null}
	 */
	public String cookie(String name) {
		return cookies().get(name);
	}

	/**
	 * Return the cookies the request carries, from its {@code Cookie} headers.
	 * @return the cookies by name, in order; the first of a repeated name wins
	 */
	public Map<String, String> cookies() {
		Map<String, String> cookies = new LinkedHashMap<>();
		for (String header : this.headers.getOrDefault("cookie", List.of())) {
			for (String pair : header.split(";")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					String value = pair.substring(equals + 1).trim();
					if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
						value = value.substring(1, value.length() - 1);
					}
					cookies.putIfAbsent(pair.substring(0, equals).trim(), value);
				}
			}
		}
		return Collections.unmodifiableMap(cookies);
	}

	private static String first(List<String> values) {
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
