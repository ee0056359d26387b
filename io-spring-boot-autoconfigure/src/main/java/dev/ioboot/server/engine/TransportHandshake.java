package dev.ioboot.server.engine;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The HTTP request that opened an Engine.IO session, kept for the sockets of that session.
 *
 * @param headers the request headers, names in lower case
 * @param query the query parameters
 * @param client the client's address: the connection's peer, or the one a trusted proxy
 * forwarded
 * @param url the request URI
 * @param time when the session was opened
 * @param secure whether TLS was used
 */
public record TransportHandshake(Map<String, List<String>> headers, Map<String, List<String>> query,
		InetAddress client, String url, Instant time, boolean secure) {

	static TransportHandshake of(FullHttpRequest request, Channel channel, boolean secure, InetAddress client) {
		// names are interned: every session keeps its handshake, and the names repeat
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : request.headers().names()) {
			headers.put(name.toLowerCase(Locale.ROOT).intern(), List.copyOf(request.headers().getAll(name)));
		}
		Map<String, List<String>> query = new LinkedHashMap<>();
		new QueryStringDecoder(request.uri()).parameters()
			.forEach((name, values) -> query.put(name.intern(), List.copyOf(values)));
		return new TransportHandshake(Map.copyOf(headers), Map.copyOf(query), client, request.uri(), Instant.now(),
				secure);
	}

	/**
	 * Return the client's address as text.
	 * @return the address, such as {@code 203.0.113.7}, or {@code null} if unknown
	 */
	public String clientAddress() {
		return (this.client != null) ? this.client.getHostAddress() : null;
	}

}
