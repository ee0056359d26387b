package dev.ioboot.admin;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ioboot.IoHandshake;
import dev.ioboot.IoSocket;
import dev.ioboot.adapter.IoSocketDetails;

/**
 * The JSON shapes the Admin UI reads: sockets, their handshakes, dates.
 */
final class AdminUiPayloads {

	/** The socket data key under which the UI's own values about a socket are kept. */
	static final String ADMIN_DATA = "_admin";

	private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter JS_DATE = DateTimeFormatter
		.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx (zzzz)", Locale.ENGLISH);

	private AdminUiPayloads() {
	}

	/**
	 * Return a date as JavaScript's {@code JSON.stringify(new Date())} writes it.
	 */
	static String date(Instant instant) {
		return ISO.format(instant);
	}

	static String now() {
		return date(Instant.now());
	}

	/**
	 * Return what the UI keeps about a socket in its data: its client id and transport.
	 */
	static Map<String, Object> adminData(IoSocket socket) {
		String clientId = socket.clientId();
		Map<String, Object> admin = new LinkedHashMap<>();
		admin.put("clientId", (clientId != null && clientId.length() > 12) ? clientId.substring(0, 12) : clientId);
		admin.put("transport", socket.transport());
		return admin;
	}

	/**
	 * Describe a socket of this node.
	 */
	static Map<String, Object> socket(IoSocket socket) {
		return socket(new IoSocketDetails(socket.id(), socket.namespace(), socket.rooms(), socket.handshake(),
				socket.data()));
	}

	/**
	 * Describe a socket of any node, as {@code fetchSockets} found it.
	 */
	static Map<String, Object> socket(IoSocketDetails socket) {
		Map<String, Object> data = new LinkedHashMap<>((socket.data() != null) ? socket.data() : Map.of());
		Object admin = data.remove(ADMIN_DATA);
		Map<?, ?> adminMap = (admin instanceof Map<?, ?> map) ? map : Map.of();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", socket.id());
		json.put("clientId", adminMap.get("clientId"));
		json.put("transport", adminMap.get("transport"));
		json.put("nsp", socket.namespace());
		json.put("data", data);
		json.put("handshake", handshake(socket.handshake()));
		json.put("rooms", List.copyOf(socket.rooms()));
		return json;
	}

	private static Map<String, Object> handshake(IoHandshake handshake) {
		Map<String, Object> json = new LinkedHashMap<>();
		if (handshake == null) {
			return json;
		}
		String forwarded = first(handshake.header("cf-connecting-ip"), handshake.header("x-forwarded-for"));
		json.put("address", (forwarded != null) ? forwarded : handshake.address());
		json.put("headers", joined(handshake.headers()));
		json.put("query", joined(handshake.query()));
		Instant time = (handshake.time() != null) ? handshake.time() : Instant.EPOCH;
		json.put("issued", time.toEpochMilli());
		json.put("secure", handshake.secure());
		json.put("time", JS_DATE.format(time.atZone(ZoneId.systemDefault())));
		json.put("url", handshake.url());
		json.put("xdomain", handshake.header("origin") != null);
		return json;
	}

	private static String first(String a, String b) {
		return (a != null) ? a : b;
	}

	private static Map<String, Object> joined(Map<String, List<String>> values) {
		Map<String, Object> json = new LinkedHashMap<>();
		if (values != null) {
			values.forEach((name, list) -> json.put(name, (list.size() == 1) ? list.get(0) : String.join(", ", list)));
		}
		return json;
	}

}
