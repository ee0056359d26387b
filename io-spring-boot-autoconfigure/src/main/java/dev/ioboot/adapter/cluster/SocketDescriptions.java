package dev.ioboot.adapter.cluster;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.ioboot.IoHandshake;
import dev.ioboot.adapter.IoSocketDetails;

/**
 * Sockets as a FETCH_SOCKETS_RESPONSE describes them: <code>{id, handshake, rooms, data}</code>,
 * the handshake as socket.io 4 builds it.
 */
final class SocketDescriptions {

	private static final DateTimeFormatter JS_DATE = DateTimeFormatter
		.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'Z '(Coordinated Universal Time)'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private SocketDescriptions() {
	}

	static Map<String, Object> describe(IoSocketDetails socket) {
		IoHandshake handshake = socket.handshake();
		Map<String, Object> headers = new LinkedHashMap<>();
		handshake.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
		Map<String, Object> query = new LinkedHashMap<>();
		handshake.query().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("headers", headers);
		details.put("time", JS_DATE.format(handshake.time()));
		details.put("address", handshake.address());
		details.put("xdomain", handshake.header("origin") != null);
		details.put("secure", handshake.secure());
		details.put("issued", handshake.time().toEpochMilli());
		details.put("url", handshake.url());
		details.put("query", query);
		details.put("auth", (handshake.auth() != null) ? handshake.auth() : Map.of());
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("id", socket.id());
		description.put("handshake", details);
		description.put("rooms", new ArrayList<>(socket.rooms()));
		if (socket.data() != null) {
			description.put("data", socket.data());
		}
		return description;
	}

	static IoSocketDetails read(String namespace, Object value) {
		Map<String, Object> socket = map(value);
		Map<String, Object> handshake = map(socket.get("handshake"));
		Object issued = handshake.get("issued");
		Instant time = (issued instanceof Number number) ? Instant.ofEpochMilli(number.longValue()) : Instant.EPOCH;
		Set<String> rooms = new LinkedHashSet<>();
		if (socket.get("rooms") instanceof Collection<?> list) {
			list.forEach((room) -> rooms.add(String.valueOf(room)));
		}
		IoHandshake details = new IoHandshake(stringLists(handshake.get("headers")),
				stringLists(handshake.get("query")), map(handshake.get("auth")), string(handshake.get("address")),
				string(handshake.get("url")), time, Boolean.TRUE.equals(handshake.get("secure")));
		return new IoSocketDetails(String.valueOf(socket.get("id")), namespace, rooms, details,
				map(socket.get("data")));
	}

	private static String string(Object value) {
		return (value instanceof String text) ? text : null;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static Map<String, List<String>> stringLists(Object value) {
		Map<String, List<String>> result = new LinkedHashMap<>();
		map(value).forEach((name, v) -> {
			if (v instanceof Collection<?> values) {
				result.put(name, values.stream().map(String::valueOf).toList());
			}
			else if (v != null) {
				result.put(name, List.of(String.valueOf(v)));
			}
		});
		return result;
	}

}
