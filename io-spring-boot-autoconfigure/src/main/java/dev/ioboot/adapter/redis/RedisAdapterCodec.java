package dev.ioboot.adapter.redis;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.POJONode;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * Encodes and decodes the messages of the classic socket.io Redis adapter
 * ({@code @socket.io/redis-adapter} 8.x) and of the Redis emitter
 * ({@code @socket.io/redis-emitter} 5.x), byte for byte as the Node packages write them. It does
 * no Redis I/O.
 * <p>
 * Broadcasts are MessagePack arrays {@code [uid, packet, opts]}; requests and responses are
 * compact JSON text, except BROADCAST (7) requests and BROADCAST_ACK (9) responses, which are
 * MessagePack maps. A payload whose first byte is <code>{</code> is JSON, any other is
 * MessagePack.
 * <p>
 * Values are written as JavaScript would see them: integral numbers (a {@code Double} 2.0
 * included) as the smallest MessagePack integer, other numbers as float64, {@code byte[]} and
 * {@link ByteBuffer} as MessagePack bin, {@link Instant} and {@link Date} as the timestamp
 * extension, maps in iteration order, collections and arrays as arrays, and any other object as
 * the given {@link ObjectMapper} turns it into a tree. Decoded values are {@code null},
 * {@link Boolean}, {@link Integer}, {@link Long}, {@link BigInteger} (above
 * {@link Long#MAX_VALUE}), {@link Double}, {@link String}, {@code byte[]}, {@link Instant},
 * {@link ArrayList} and {@link LinkedHashMap} with string keys. Malformed input raises a
 * {@link CodecException}, never another exception.
 */
final class RedisAdapterCodec {

	/**
	 * Request type SOCKETS (legacy, still answered).
	 */
	static final int SOCKETS = 0;

	/**
	 * Request type ALL_ROOMS.
	 */
	static final int ALL_ROOMS = 1;

	/**
	 * Request type REMOTE_JOIN.
	 */
	static final int REMOTE_JOIN = 2;

	/**
	 * Request type REMOTE_LEAVE.
	 */
	static final int REMOTE_LEAVE = 3;

	/**
	 * Request type REMOTE_DISCONNECT.
	 */
	static final int REMOTE_DISCONNECT = 4;

	/**
	 * Request type REMOTE_FETCH.
	 */
	static final int REMOTE_FETCH = 5;

	/**
	 * Request (and response) type SERVER_SIDE_EMIT.
	 */
	static final int SERVER_SIDE_EMIT = 6;

	/**
	 * Request type BROADCAST (broadcast with acknowledgements).
	 */
	static final int BROADCAST = 7;

	/**
	 * Response type BROADCAST_CLIENT_COUNT.
	 */
	static final int BROADCAST_CLIENT_COUNT = 8;

	/**
	 * Response type BROADCAST_ACK.
	 */
	static final int BROADCAST_ACK = 9;

	/**
	 * The uid of the Redis emitter, never that of an adapter.
	 */
	static final String EMITTER_UID = "emitter";

	/**
	 * The socket.io-parser EVENT packet type, the only one on the wire.
	 */
	private static final long EVENT = 2;

	private static final int MAX_DEPTH = 256;

	/**
	 * Adapter messages are small: a packer's first buffer is sized for them (the default is
	 * 8 KiB, allocated for every message), larger ones grow it.
	 */
	private static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(512);

	private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		.toCharArray();

	private static final int ID_LENGTH = 6;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final DateTimeFormatter JS_DATE = DateTimeFormatter
		.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'Z '(Coordinated Universal Time)'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter JS_DATE_PARSER = DateTimeFormatter
		.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'Z", Locale.ENGLISH);

	private static final DateTimeFormatter JS_ISO_DATE = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final JsonFactory JSON_FACTORY = new JsonFactory();

	private final ObjectMapper objectMapper;

	/**
	 * Create a codec.
	 * @param objectMapper the Jackson 2 mapper that turns arguments other than plain values,
	 * collections and maps into trees
	 */
	RedisAdapterCodec(ObjectMapper objectMapper) {
		this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper must not be null");
	}

	// ---------------------------------------------------------------- ids and channels

	/**
	 * Return a new adapter uid or request id: 6 characters from {@code [A-Za-z0-9_-]}, like
	 * Node's {@code uid2(6)}. It is never {@link #EMITTER_UID}.
	 * @return the id
	 */
	static String newId() {
		byte[] bytes = new byte[ID_LENGTH];
		RANDOM.nextBytes(bytes);
		char[] id = new char[ID_LENGTH];
		for (int i = 0; i < ID_LENGTH; i++) {
			id[i] = ID_ALPHABET[bytes[i] & 0x3F];
		}
		return new String(id);
	}

	/**
	 * Return the channel of broadcasts to a whole namespace or to several rooms: {@code K#N#}.
	 * @param key the key prefix
	 * @param nsp the namespace name
	 * @return the channel
	 */
	static String broadcastChannel(String key, String nsp) {
		return key + "#" + nsp + "#";
	}

	/**
	 * Return the channel of broadcasts to exactly one room: {@code K#N#R#}.
	 * @param key the key prefix
	 * @param nsp the namespace name
	 * @param room the room
	 * @return the channel
	 */
	static String roomChannel(String key, String nsp, String room) {
		return broadcastChannel(key, nsp) + room + "#";
	}

	/**
	 * Return the request channel: {@code K-request#N#}.
	 * @param key the key prefix
	 * @param nsp the namespace name
	 * @return the channel
	 */
	static String requestChannel(String key, String nsp) {
		return key + "-request#" + nsp + "#";
	}

	/**
	 * Return the shared response channel: {@code K-response#N#}.
	 * @param key the key prefix
	 * @param nsp the namespace name
	 * @return the channel
	 */
	static String responseChannel(String key, String nsp) {
		return key + "-response#" + nsp + "#";
	}

	/**
	 * Return the response channel of one adapter: {@code K-response#N#uid#}.
	 * @param key the key prefix
	 * @param nsp the namespace name
	 * @param uid the adapter uid
	 * @return the channel
	 */
	static String specificResponseChannel(String key, String nsp, String uid) {
		return responseChannel(key, nsp) + uid + "#";
	}

	/**
	 * Return the pattern that matches every broadcast channel of a namespace: {@code K#N#*}.
	 * @param key the key prefix
	 * @param nsp the namespace name
	 * @return the pattern
	 */
	static String pattern(String key, String nsp) {
		return broadcastChannel(key, nsp) + "*";
	}

	/**
	 * Return the channel a broadcast is published on: the room channel when there is exactly
	 * one room, the namespace channel otherwise.
	 * @param key the key prefix
	 * @param nsp the namespace name
	 * @param rooms the target rooms
	 * @return the channel
	 */
	static String channelFor(String key, String nsp, Collection<String> rooms) {
		if (rooms != null && rooms.size() == 1) {
			return roomChannel(key, nsp, rooms.iterator().next());
		}
		return broadcastChannel(key, nsp);
	}

	/**
	 * Return the room a broadcast channel targets.
	 * @param channel the channel
	 * @param key the key prefix
	 * @param nsp the namespace name
	 * @return the room, {@code ""} for the namespace channel, or {@code null} when the channel
	 * is not a broadcast channel of the namespace
	 */
	static String roomOf(String channel, String key, String nsp) {
		String prefix = broadcastChannel(key, nsp);
		if (channel == null || !channel.startsWith(prefix)) {
			return null;
		}
		String rest = channel.substring(prefix.length());
		return rest.isEmpty() ? "" : rest.substring(0, rest.length() - 1);
	}

	// ---------------------------------------------------------------- broadcasts

	/**
	 * Encode a broadcast for the pattern channels, as the Node adapter does:
	 * {@code [uid, {type, data, nsp}, {rooms, except, flags}]}.
	 * @param message the broadcast, its uid set
	 * @return the MessagePack payload
	 */
	byte[] encodeBroadcast(BroadcastMessage message) {
		Objects.requireNonNull(message, "message must not be null");
		Objects.requireNonNull(message.uid(), "uid must not be null");
		List<Object> root = new ArrayList<>(3);
		root.add(message.uid());
		root.add(packet(message));
		root.add(options(message.rooms(), message.except(), message.flags()));
		return toMsgpack(root);
	}

	/**
	 * Decode a broadcast received on a pattern channel, from the adapter or the emitter.
	 * @param payload the MessagePack payload
	 * @return the broadcast
	 * @throws CodecException if the payload is not a broadcast
	 */
	BroadcastMessage decodeBroadcast(byte[] payload) {
		if (payload == null || payload.length == 0) {
			throw new CodecException("Empty broadcast payload");
		}
		if (!(fromMsgpack(payload) instanceof List<?> root)) {
			throw new CodecException("Broadcast is not a MessagePack array");
		}
		if (root.size() != 3) {
			throw new CodecException("Broadcast array has " + root.size() + " elements instead of 3");
		}
		if (!(root.get(0) instanceof String uid)) {
			throw new CodecException("Broadcast uid is not a string");
		}
		return toBroadcast(uid, root.get(1), root.get(2));
	}

	// ---------------------------------------------------------------- requests

	/**
	 * Encode a SOCKETS (0) request (legacy, no longer sent by Node).
	 * @param uid the adapter uid
	 * @param requestId the request id
	 * @param rooms the rooms whose sockets to list, empty for all
	 * @return the JSON payload
	 */
	byte[] encodeSocketsRequest(String uid, String requestId, Collection<String> rooms) {
		Map<String, Object> request = request(uid, requestId, SOCKETS);
		request.put("rooms", roomList(rooms));
		return toJson(request);
	}

	/**
	 * Encode an ALL_ROOMS (1) request: <code>{"uid","requestId","type":1}</code>.
	 * @param uid the adapter uid
	 * @param requestId the request id
	 * @return the JSON payload
	 */
	byte[] encodeAllRoomsRequest(String uid, String requestId) {
		return toJson(request(uid, requestId, ALL_ROOMS));
	}

	/**
	 * Encode a REMOTE_JOIN (2) request:
	 * <code>{"uid","type":2,"opts":{"rooms","except"},"rooms"}</code>.
	 * @param uid the adapter uid, {@code null} to omit it like the emitter
	 * @param rooms the target rooms, empty for all sockets
	 * @param except the excluded rooms
	 * @param roomsToJoin the rooms to join
	 * @return the JSON payload
	 */
	byte[] encodeRemoteJoin(String uid, Collection<String> rooms, Collection<String> except,
			Collection<String> roomsToJoin) {
		Map<String, Object> request = request(uid, null, REMOTE_JOIN);
		request.put("opts", options(rooms, except, null));
		request.put("rooms", roomList(roomsToJoin));
		return toJson(request);
	}

	/**
	 * Encode a REMOTE_LEAVE (3) request:
	 * <code>{"uid","type":3,"opts":{"rooms","except"},"rooms"}</code>.
	 * @param uid the adapter uid, {@code null} to omit it like the emitter
	 * @param rooms the target rooms, empty for all sockets
	 * @param except the excluded rooms
	 * @param roomsToLeave the rooms to leave
	 * @return the JSON payload
	 */
	byte[] encodeRemoteLeave(String uid, Collection<String> rooms, Collection<String> except,
			Collection<String> roomsToLeave) {
		Map<String, Object> request = request(uid, null, REMOTE_LEAVE);
		request.put("opts", options(rooms, except, null));
		request.put("rooms", roomList(roomsToLeave));
		return toJson(request);
	}

	/**
	 * Encode a REMOTE_DISCONNECT (4) request:
	 * <code>{"uid","type":4,"opts":{"rooms","except"},"close"}</code>.
	 * @param uid the adapter uid, {@code null} to omit it like the emitter
	 * @param rooms the target rooms, empty for all sockets
	 * @param except the excluded rooms
	 * @param close whether to close the underlying connections too
	 * @return the JSON payload
	 */
	byte[] encodeRemoteDisconnect(String uid, Collection<String> rooms, Collection<String> except, boolean close) {
		Map<String, Object> request = request(uid, null, REMOTE_DISCONNECT);
		request.put("opts", options(rooms, except, null));
		request.put("close", close);
		return toJson(request);
	}

	/**
	 * Encode a REMOTE_FETCH (5) request:
	 * <code>{"uid","requestId","type":5,"opts":{"rooms","except"}}</code>.
	 * @param uid the adapter uid
	 * @param requestId the request id
	 * @param rooms the target rooms, empty for all sockets
	 * @param except the excluded rooms
	 * @return the JSON payload
	 */
	byte[] encodeFetchSocketsRequest(String uid, String requestId, Collection<String> rooms,
			Collection<String> except) {
		Map<String, Object> request = request(uid, requestId, REMOTE_FETCH);
		request.put("opts", options(rooms, except, null));
		return toJson(request);
	}

	/**
	 * Encode a SERVER_SIDE_EMIT (6) request:
	 * <code>{"uid","requestId","type":6,"data":[event, ...args]}</code>, without
	 * {@code requestId} when no acknowledgement is expected.
	 * @param uid the adapter uid
	 * @param requestId the request id, {@code null} without acknowledgement
	 * @param event the event name
	 * @param args the arguments
	 * @return the JSON payload
	 */
	byte[] encodeServerSideEmit(String uid, String requestId, String event, List<?> args) {
		Objects.requireNonNull(event, "event must not be null");
		Map<String, Object> request = request(uid, requestId, SERVER_SIDE_EMIT);
		List<Object> data = new ArrayList<>();
		data.add(event);
		if (args != null) {
			data.addAll(args);
		}
		request.put("data", data);
		return toJson(request);
	}

	/**
	 * Encode a BROADCAST (7) request, a MessagePack map
	 * {@code {uid, requestId, type:7, packet:{type, data, nsp}, opts:{rooms, except, flags}}}.
	 * The flags should hold the {@code timeout}.
	 * @param requestId the request id
	 * @param message the broadcast, its uid set
	 * @return the MessagePack payload
	 */
	byte[] encodeBroadcastRequest(String requestId, BroadcastMessage message) {
		Objects.requireNonNull(message, "message must not be null");
		Map<String, Object> request = request(message.uid(), requestId, BROADCAST);
		request.put("packet", packet(message));
		request.put("opts", options(message.rooms(), message.except(), message.flags()));
		return toMsgpack(request);
	}

	/**
	 * Decode a request received on the request channel, JSON or MessagePack.
	 * @param payload the payload
	 * @return the request
	 * @throws CodecException if the payload is not a request
	 */
	AdapterRequest decodeRequest(byte[] payload) {
		Map<String, Object> map = decodeObject(payload);
		Integer type = intValue(map.get("type"));
		if (type == null) {
			throw new CodecException("Request has no numeric type");
		}
		String uid = stringValue(map.get("uid"));
		String requestId = stringValue(map.get("requestId"));
		Object opts = map.get("opts");
		boolean hasOpts = opts instanceof Map;
		Map<?, ?> options = hasOpts ? (Map<?, ?>) opts : Map.of();
		List<Object> data = null;
		if (type == SERVER_SIDE_EMIT) {
			if (!(map.get("data") instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof String)) {
				throw new CodecException("SERVER_SIDE_EMIT request data is not an array starting with an event name");
			}
			data = new ArrayList<>(list);
		}
		else if (map.get("data") instanceof List<?> list) {
			data = new ArrayList<>(list);
		}
		BroadcastMessage packet = (type == BROADCAST) ? toBroadcast(uid, map.get("packet"), opts) : null;
		return new AdapterRequest(type, uid, requestId, hasOpts, roomSet(options.get("rooms")),
				roomSet(options.get("except")), flags(options.get("flags")), roomSet(map.get("rooms")),
				Boolean.TRUE.equals(map.get("close")), data, packet, stringValue(map.get("sid")),
				stringValue(map.get("room")));
	}

	// ---------------------------------------------------------------- responses

	/**
	 * Encode the response to a REMOTE_FETCH (5) or SOCKETS (0) request:
	 * <code>{"requestId","sockets":[...]}</code>.
	 * @param requestId the request id
	 * @param sockets the socket details (see {@link #socketDetails}) or, for SOCKETS, the
	 * socket ids
	 * @return the JSON payload
	 */
	byte[] encodeSocketsResponse(String requestId, List<?> sockets) {
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("requestId", requestId);
		response.put("sockets", (sockets != null) ? sockets : List.of());
		return toJson(response);
	}

	/**
	 * Encode the response to an ALL_ROOMS (1) request: <code>{"requestId","rooms":[...]}</code>.
	 * @param requestId the request id
	 * @param rooms the local rooms
	 * @return the JSON payload
	 */
	byte[] encodeAllRoomsResponse(String requestId, Collection<String> rooms) {
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("requestId", requestId);
		response.put("rooms", roomList(rooms));
		return toJson(response);
	}

	/**
	 * Encode the response to a legacy REMOTE_JOIN, REMOTE_LEAVE or REMOTE_DISCONNECT request:
	 * <code>{"requestId"}</code>.
	 * @param requestId the request id
	 * @return the JSON payload
	 */
	byte[] encodeLegacyResponse(String requestId) {
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("requestId", requestId);
		return toJson(response);
	}

	/**
	 * Encode the acknowledgement of a SERVER_SIDE_EMIT (6) request:
	 * <code>{"type":6,"requestId","data":firstArg}</code>. Only the first argument is sent;
	 * {@code data} is omitted when there is none.
	 * @param requestId the request id
	 * @param ackArgs the arguments the handler acknowledged with
	 * @return the JSON payload
	 */
	byte[] encodeServerSideEmitResponse(String requestId, List<?> ackArgs) {
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("type", SERVER_SIDE_EMIT);
		response.put("requestId", requestId);
		if (ackArgs != null && !ackArgs.isEmpty()) {
			response.put("data", ackArgs.get(0));
		}
		return toJson(response);
	}

	/**
	 * Encode a BROADCAST_CLIENT_COUNT (8) response:
	 * <code>{"type":8,"requestId","clientCount"}</code>.
	 * @param requestId the request id
	 * @param clientCount the number of local sockets the broadcast went to
	 * @return the JSON payload
	 */
	byte[] encodeBroadcastClientCount(String requestId, int clientCount) {
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("type", BROADCAST_CLIENT_COUNT);
		response.put("requestId", requestId);
		response.put("clientCount", clientCount);
		return toJson(response);
	}

	/**
	 * Encode a BROADCAST_ACK (9) response, a MessagePack map
	 * {@code {type:9, requestId, packet:firstArg}}. Only the first argument is sent;
	 * {@code packet} is omitted when there is none.
	 * @param requestId the request id
	 * @param ackArgs the arguments the client acknowledged with
	 * @return the MessagePack payload
	 */
	byte[] encodeBroadcastAck(String requestId, List<?> ackArgs) {
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("type", BROADCAST_ACK);
		response.put("requestId", requestId);
		if (ackArgs != null && !ackArgs.isEmpty()) {
			response.put("packet", ackArgs.get(0));
		}
		return toMsgpack(response);
	}

	/**
	 * Decode a response received on a response channel, JSON or MessagePack.
	 * @param payload the payload
	 * @return the response
	 * @throws CodecException if the payload is not a response
	 */
	AdapterResponse decodeResponse(byte[] payload) {
		Map<String, Object> map = decodeObject(payload);
		Integer type = intValue(map.get("type"));
		List<Object> sockets = (map.get("sockets") instanceof List<?> list) ? new ArrayList<>(list) : null;
		List<String> rooms = null;
		if (map.get("rooms") instanceof List<?> list) {
			rooms = new ArrayList<>(roomSet(list));
		}
		return new AdapterResponse((type != null) ? type : AdapterResponse.NO_TYPE,
				stringValue(map.get("requestId")), sockets, rooms, intValue(map.get("clientCount")), map.get("data"),
				map.get("packet"));
	}

	// ---------------------------------------------------------------- socket details

	/**
	 * Build the description of a socket sent in a REMOTE_FETCH response, keys in Node's order
	 * {@code id, handshake, rooms, data}.
	 * @param id the socket id
	 * @param handshake the handshake (see {@link #handshake})
	 * @param rooms the socket's rooms, its own id included
	 * @param data the socket data, {@code null} to omit it
	 * @return the description
	 */
	static Map<String, Object> socketDetails(String id, Map<String, ?> handshake, Collection<String> rooms,
			Object data) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("id", id);
		details.put("handshake", handshake);
		details.put("rooms", roomList(rooms));
		if (data != null) {
			details.put("data", data);
		}
		return details;
	}

	/**
	 * Build a socket.io 4 handshake description, keys in Node's order
	 * {@code headers, time, address, xdomain, secure, issued, url, query, auth}.
	 * @param headers the headers, names in lower case, values strings (or arrays of strings)
	 * @param time when the connection was opened
	 * @param address the client's address
	 * @param xdomain whether the request was cross-domain
	 * @param secure whether the connection used TLS
	 * @param url the request URL
	 * @param query the query parameters, values strings
	 * @param auth the CONNECT payload, {@code null} for none
	 * @return the description
	 */
	static Map<String, Object> handshake(Map<String, ?> headers, Instant time, String address, boolean xdomain,
			boolean secure, String url, Map<String, ?> query, Map<String, ?> auth) {
		Map<String, Object> handshake = new LinkedHashMap<>();
		handshake.put("headers", (headers != null) ? headers : Map.of());
		handshake.put("time", formatDate(time));
		handshake.put("address", address);
		handshake.put("xdomain", xdomain);
		handshake.put("secure", secure);
		handshake.put("issued", time.toEpochMilli());
		handshake.put("url", url);
		handshake.put("query", (query != null) ? query : Map.of());
		handshake.put("auth", (auth != null) ? auth : Map.of());
		return handshake;
	}

	/**
	 * Format an instant as JavaScript's {@code Date.prototype.toString()} does in UTC, e.g.
	 * {@code Mon Nov 23 2026 12:18:30 GMT+0000 (Coordinated Universal Time)}.
	 * @param time the instant
	 * @return the text
	 */
	static String formatDate(Instant time) {
		return JS_DATE.format(time);
	}

	/**
	 * Parse a JavaScript {@code Date.prototype.toString()} text, in any time zone.
	 * @param text the text
	 * @return the instant (to the second), or {@code null} when the text is not such a date
	 */
	static Instant parseDate(String text) {
		if (text == null) {
			return null;
		}
		int comment = text.indexOf(" (");
		String date = (comment >= 0) ? text.substring(0, comment) : text;
		try {
			return OffsetDateTime.parse(date, JS_DATE_PARSER).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	// ---------------------------------------------------------------- message structure

	private Map<String, Object> packet(BroadcastMessage message) {
		Map<String, Object> packet = new LinkedHashMap<>();
		packet.put("type", EVENT);
		packet.put("data", message.data());
		packet.put("nsp", message.namespace());
		return packet;
	}

	private static Map<String, Object> options(Collection<String> rooms, Collection<String> except,
			Map<String, Object> flags) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("rooms", roomList(rooms));
		options.put("except", roomList(except));
		if (flags != null) {
			options.put("flags", flags);
		}
		return options;
	}

	private static Map<String, Object> request(String uid, String requestId, int type) {
		Map<String, Object> request = new LinkedHashMap<>();
		if (uid != null) {
			request.put("uid", uid);
		}
		if (requestId != null) {
			request.put("requestId", requestId);
		}
		request.put("type", type);
		return request;
	}

	private static List<Object> roomList(Collection<String> rooms) {
		return (rooms != null) ? new ArrayList<>(new LinkedHashSet<>(rooms)) : new ArrayList<>();
	}

	private BroadcastMessage toBroadcast(String uid, Object packetValue, Object optsValue) {
		if (!(packetValue instanceof Map<?, ?> packet)) {
			throw new CodecException("Packet is not a map");
		}
		Integer type = intValue(packet.get("type"));
		if (type == null || type != EVENT) {
			throw new CodecException("Packet type is " + describe(packet.get("type")) + " instead of 2");
		}
		if (!(packet.get("data") instanceof List<?> data) || data.isEmpty() || !(data.get(0) instanceof String event)) {
			throw new CodecException("Packet data is not an array starting with an event name");
		}
		Object nsp = packet.get("nsp");
		if (nsp != null && !(nsp instanceof String)) {
			throw new CodecException("Packet nsp is not a string");
		}
		if (optsValue != null && !(optsValue instanceof Map)) {
			throw new CodecException("Broadcast options are not a map");
		}
		Map<?, ?> opts = (optsValue != null) ? (Map<?, ?>) optsValue : Map.of();
		List<Object> args = new ArrayList<>(data.subList(1, data.size()));
		return new BroadcastMessage(uid, (String) nsp, event, args, roomSet(opts.get("rooms")),
				roomSet(opts.get("except")), flags(opts.get("flags")));
	}

	private static Set<String> roomSet(Object value) {
		Set<String> rooms = new LinkedHashSet<>();
		if (value instanceof List<?> list) {
			for (Object element : list) {
				String room = roomName(element);
				if (room != null) {
					rooms.add(room);
				}
			}
		}
		return rooms;
	}

	private static String roomName(Object value) {
		if (value instanceof String room) {
			return room;
		}
		if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
			return value.toString();
		}
		if (value instanceof Double number) {
			return Double.isFinite(number) ? jsNumber(number) : null;
		}
		return null;
	}

	private static Map<String, Object> flags(Object value) {
		Map<String, Object> flags = new LinkedHashMap<>();
		if (value instanceof Map<?, ?> map) {
			map.forEach((name, flag) -> flags.put(String.valueOf(name), flag));
		}
		return flags;
	}

	private static Integer intValue(Object value) {
		if (value instanceof Integer number) {
			return number;
		}
		if (value instanceof Long number && number == number.intValue()) {
			return number.intValue();
		}
		if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) <= Integer.MAX_VALUE) {
			return number.intValue();
		}
		return null;
	}

	private static String stringValue(Object value) {
		return (value instanceof String text) ? text : null;
	}

	private static String describe(Object value) {
		return (value != null) ? value.getClass().getSimpleName() + " " + value : "null";
	}

	private Map<String, Object> decodeObject(byte[] payload) {
		if (payload == null || payload.length == 0) {
			throw new CodecException("Empty payload");
		}
		Object value = (payload[0] == '{') ? fromJson(payload) : fromMsgpack(payload);
		if (!(value instanceof Map)) {
			throw new CodecException("Payload is not a map but " + describe(value));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) value;
		return map;
	}

	// ---------------------------------------------------------------- values

	/**
	 * Turn any value into the plain tree both writers understand: {@code null},
	 * {@link Boolean}, {@link String}, {@link Long}, {@link BigInteger} (unsigned 64-bit only),
	 * {@link Double} (never integral within the 64-bit range), {@code byte[]}, {@link Instant},
	 * {@link List} and {@link Map} with string keys.
	 */
	private Object normalize(Object value, int depth) {
		checkDepth(depth);
		if (value == null || value instanceof String || value instanceof Boolean || value instanceof byte[]) {
			return value;
		}
		if (value instanceof CharSequence || value instanceof Character) {
			return value.toString();
		}
		if (value instanceof Number number) {
			return normalizeNumber(number);
		}
		if (value instanceof Instant instant) {
			return instant.truncatedTo(ChronoUnit.MILLIS);
		}
		if (value instanceof Date date) {
			return date.toInstant();
		}
		if (value instanceof ByteBuffer buffer) {
			byte[] bytes = new byte[buffer.remaining()];
			buffer.duplicate().get(bytes);
			return bytes;
		}
		if (value instanceof JsonNode node) {
			return fromTree(node, depth);
		}
		if (value instanceof Optional<?> optional) {
			return normalize(optional.orElse(null), depth + 1);
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> result = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				result.put(String.valueOf(entry.getKey()), normalize(entry.getValue(), depth + 1));
			}
			return result;
		}
		if (value instanceof Collection<?> collection) {
			List<Object> result = new ArrayList<>(collection.size());
			for (Object element : collection) {
				result.add(normalize(element, depth + 1));
			}
			return result;
		}
		if (value.getClass().isArray()) {
			int length = Array.getLength(value);
			List<Object> result = new ArrayList<>(length);
			for (int i = 0; i < length; i++) {
				result.add(normalize(Array.get(value, i), depth + 1));
			}
			return result;
		}
		JsonNode tree;
		try {
			tree = this.objectMapper.valueToTree(value);
		}
		catch (RuntimeException ex) {
			throw new CodecException("Cannot convert " + value.getClass().getName() + ": " + ex.getMessage(), ex);
		}
		return fromTree(tree, depth + 1);
	}

	private Object fromTree(JsonNode node, int depth) {
		checkDepth(depth);
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node instanceof BinaryNode binary) {
			return binary.binaryValue();
		}
		if (node instanceof POJONode pojo) {
			return normalize(pojo.getPojo(), depth + 1);
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isNumber()) {
			return normalizeNumber(node.numberValue());
		}
		if (node.isTextual()) {
			return node.textValue();
		}
		if (node.isArray()) {
			List<Object> result = new ArrayList<>(node.size());
			for (JsonNode element : node) {
				result.add(fromTree(element, depth + 1));
			}
			return result;
		}
		if (node.isObject()) {
			Map<String, Object> result = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				result.put(entry.getKey(), fromTree(entry.getValue(), depth + 1));
			}
			return result;
		}
		throw new CodecException("Cannot convert JSON node " + node.getNodeType());
	}

	private static Object normalizeNumber(Number number) {
		if (number instanceof Integer || number instanceof Long || number instanceof Short
				|| number instanceof Byte) {
			return number.longValue();
		}
		if (number instanceof BigInteger big) {
			return normalizeInteger(big);
		}
		if (number instanceof BigDecimal decimal) {
			BigDecimal stripped = decimal.stripTrailingZeros();
			if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 20) {
				return normalizeInteger(stripped.toBigIntegerExact());
			}
			return normalizeDouble(decimal.doubleValue());
		}
		return normalizeDouble(number.doubleValue());
	}

	private static Object normalizeInteger(BigInteger value) {
		if (value.bitLength() <= 63) {
			return value.longValue();
		}
		if (value.signum() > 0 && value.bitLength() <= 64) {
			return value;
		}
		return value.doubleValue();
	}

	private static Object normalizeDouble(double value) {
		if (Double.isFinite(value) && value == Math.rint(value)) {
			if (value >= -0x1p63 && value < 0x1p63) {
				return (long) value;
			}
			if (value > 0 && value < 0x1p64) {
				return new BigDecimal(value).toBigIntegerExact();
			}
		}
		return value;
	}

	private static void checkDepth(int depth) {
		if (depth > MAX_DEPTH) {
			throw new CodecException("Value nested deeper than " + MAX_DEPTH + " levels");
		}
	}

	// ---------------------------------------------------------------- MessagePack

	private byte[] toMsgpack(Object value) {
		Object tree = normalize(value, 0);
		try (MessageBufferPacker packer = PACKER.newBufferPacker()) {
			pack(packer, tree);
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new CodecException("Cannot write MessagePack: " + ex.getMessage(), ex);
		}
	}

	private static void pack(MessagePacker packer, Object value) throws IOException {
		if (value == null) {
			packer.packNil();
		}
		else if (value instanceof String text) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			packer.packRawStringHeader(bytes.length);
			packer.writePayload(bytes);
		}
		else if (value instanceof Boolean bool) {
			packer.packBoolean(bool);
		}
		else if (value instanceof Long number) {
			packer.packLong(number);
		}
		else if (value instanceof BigInteger number) {
			packer.packBigInteger(number);
		}
		else if (value instanceof Double number) {
			packer.packDouble(number);
		}
		else if (value instanceof byte[] bytes) {
			packer.packBinaryHeader(bytes.length);
			packer.writePayload(bytes);
		}
		else if (value instanceof Instant instant) {
			packer.packTimestamp(instant);
		}
		else if (value instanceof List<?> list) {
			packer.packArrayHeader(list.size());
			for (Object element : list) {
				pack(packer, element);
			}
		}
		else if (value instanceof Map<?, ?> map) {
			packer.packMapHeader(map.size());
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				pack(packer, entry.getKey());
				pack(packer, entry.getValue());
			}
		}
		else {
			throw new IllegalStateException("Not a normalized value: " + value.getClass());
		}
	}

	private static Object fromMsgpack(byte[] payload) {
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
			Object value = unpack(unpacker, payload.length, 0);
			if (unpacker.hasNext()) {
				throw new CodecException(
						(payload.length - unpacker.getTotalReadBytes()) + " trailing bytes after the MessagePack value");
			}
			return value;
		}
		catch (CodecException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw new CodecException("Malformed MessagePack: " + ex.getMessage(), ex);
		}
	}

	private static Object unpack(MessageUnpacker unpacker, long size, int depth) throws IOException {
		checkDepth(depth);
		MessageFormat format = unpacker.getNextFormat();
		switch (format.getValueType()) {
			case NIL:
				unpacker.unpackNil();
				return null;
			case BOOLEAN:
				return unpacker.unpackBoolean();
			case INTEGER:
				if (format == MessageFormat.UINT64) {
					BigInteger value = unpacker.unpackBigInteger();
					return (value.bitLength() <= 63) ? narrow(value.longValue()) : value;
				}
				return narrow(unpacker.unpackLong());
			case FLOAT:
				return unpacker.unpackDouble();
			case STRING: {
				int length = unpacker.unpackRawStringHeader();
				checkRemaining(unpacker, size, length);
				return new String(unpacker.readPayload(length), StandardCharsets.UTF_8);
			}
			case BINARY: {
				int length = unpacker.unpackBinaryHeader();
				checkRemaining(unpacker, size, length);
				return unpacker.readPayload(length);
			}
			case ARRAY: {
				int length = unpacker.unpackArrayHeader();
				checkRemaining(unpacker, size, length);
				List<Object> list = new ArrayList<>(length);
				for (int i = 0; i < length; i++) {
					list.add(unpack(unpacker, size, depth + 1));
				}
				return list;
			}
			case MAP: {
				int length = unpacker.unpackMapHeader();
				checkRemaining(unpacker, size, 2L * length);
				Map<String, Object> map = new LinkedHashMap<>();
				for (int i = 0; i < length; i++) {
					String key = mapKey(unpack(unpacker, size, depth + 1));
					map.put(key, unpack(unpacker, size, depth + 1));
				}
				return map;
			}
			case EXTENSION: {
				ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
				int length = header.getLength();
				checkRemaining(unpacker, size, length);
				if (header.isTimestampType() && (length == 4 || length == 8 || length == 12)) {
					return unpacker.unpackTimestamp(header);
				}
				unpacker.readPayload(length);
				return null;
			}
			default:
				throw new CodecException("Unsupported MessagePack format " + format);
		}
	}

	/**
	 * Fail early when a header announces more bytes (or values, at least one byte each) than
	 * are left, so that a forged length cannot make the decoder allocate.
	 */
	private static void checkRemaining(MessageUnpacker unpacker, long size, long needed) {
		if (needed < 0 || needed > size - unpacker.getTotalReadBytes()) {
			throw new CodecException("MessagePack length " + needed + " exceeds the remaining "
					+ (size - unpacker.getTotalReadBytes()) + " bytes");
		}
	}

	private static Object narrow(long value) {
		return (value == (int) value) ? (Object) (int) value : (Object) value;
	}

	private static String mapKey(Object key) {
		if (key instanceof String text) {
			return text;
		}
		if (key instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		if (key instanceof Double number && Double.isFinite(number)) {
			return jsNumber(number);
		}
		return String.valueOf(key);
	}

	// ---------------------------------------------------------------- JSON

	private byte[] toJson(Object value) {
		StringBuilder json = new StringBuilder(128);
		writeJson(json, normalize(value, 0));
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Write a normalized value as {@code JSON.stringify} does: compact, numbers as JavaScript
	 * prints them, non-finite numbers as {@code null}, binary as a Node {@code Buffer}, dates
	 * as ISO text.
	 */
	private static void writeJson(StringBuilder json, Object value) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof String text) {
			writeJsonString(json, text);
		}
		else if (value instanceof Boolean || value instanceof Long || value instanceof BigInteger) {
			json.append(value);
		}
		else if (value instanceof Double number) {
			json.append(Double.isFinite(number) ? jsNumber(number) : "null");
		}
		else if (value instanceof byte[] bytes) {
			json.append("{\"type\":\"Buffer\",\"data\":[");
			for (int i = 0; i < bytes.length; i++) {
				json.append((i > 0) ? "," : "").append(bytes[i] & 0xFF);
			}
			json.append("]}");
		}
		else if (value instanceof Instant instant) {
			writeJsonString(json, JS_ISO_DATE.format(instant));
		}
		else if (value instanceof List<?> list) {
			json.append('[');
			for (Iterator<?> iterator = list.iterator(); iterator.hasNext();) {
				writeJson(json, iterator.next());
				json.append(iterator.hasNext() ? "," : "");
			}
			json.append(']');
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			for (Iterator<? extends Map.Entry<?, ?>> iterator = map.entrySet().iterator(); iterator.hasNext();) {
				Map.Entry<?, ?> entry = iterator.next();
				writeJsonString(json, (String) entry.getKey());
				json.append(':');
				writeJson(json, entry.getValue());
				json.append(iterator.hasNext() ? "," : "");
			}
			json.append('}');
		}
		else {
			throw new IllegalStateException("Not a normalized value: " + value.getClass());
		}
	}

	private static void writeJsonString(StringBuilder json, String text) {
		json.append('"');
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						appendUnicodeEscape(json, c);
					}
					else if (Character.isHighSurrogate(c) && i + 1 < length
							&& Character.isLowSurrogate(text.charAt(i + 1))) {
						json.append(c).append(text.charAt(++i));
					}
					else if (Character.isSurrogate(c)) {
						appendUnicodeEscape(json, c);
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	private static void appendUnicodeEscape(StringBuilder json, char c) {
		json.append("\\u")
			.append(HEX[(c >> 12) & 0xF])
			.append(HEX[(c >> 8) & 0xF])
			.append(HEX[(c >> 4) & 0xF])
			.append(HEX[c & 0xF]);
	}

	/**
	 * Format a finite double as JavaScript's {@code Number.prototype.toString()} does.
	 */
	static String jsNumber(double value) {
		if (value == 0) {
			return "0";
		}
		BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
		String digits = decimal.unscaledValue().toString();
		int k = digits.length();
		int n = k - decimal.scale();
		StringBuilder text = new StringBuilder(24);
		if (value < 0) {
			text.append('-');
		}
		if (k <= n && n <= 21) {
			text.append(digits).append("0".repeat(n - k));
		}
		else if (0 < n && n <= 21) {
			text.append(digits, 0, n).append('.').append(digits, n, k);
		}
		else if (-6 < n && n <= 0) {
			text.append("0.").append("0".repeat(-n)).append(digits);
		}
		else {
			int exponent = n - 1;
			text.append(digits.charAt(0));
			if (k > 1) {
				text.append('.').append(digits, 1, k);
			}
			text.append('e').append((exponent >= 0) ? '+' : '-').append(Math.abs(exponent));
		}
		return text.toString();
	}

	private static Object fromJson(byte[] payload) {
		try (JsonParser parser = JSON_FACTORY.createParser(payload)) {
			Object value = readJson(parser, parser.nextToken(), 0);
			if (parser.nextToken() != null) {
				throw new CodecException("Trailing content after the JSON value");
			}
			return value;
		}
		catch (CodecException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw new CodecException("Malformed JSON: " + ex.getMessage(), ex);
		}
	}

	private static Object readJson(JsonParser parser, JsonToken token, int depth) throws IOException {
		checkDepth(depth);
		if (token == null) {
			throw new CodecException("Unexpected end of JSON");
		}
		switch (token) {
			case START_OBJECT: {
				Map<String, Object> map = new LinkedHashMap<>();
				for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
					if (next != JsonToken.FIELD_NAME) {
						throw new CodecException("Unexpected JSON token " + next);
					}
					String name = parser.currentName();
					map.put(name, readJson(parser, parser.nextToken(), depth + 1));
				}
				return map;
			}
			case START_ARRAY: {
				List<Object> list = new ArrayList<>();
				for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
					list.add(readJson(parser, next, depth + 1));
				}
				return list;
			}
			case VALUE_STRING:
				return parser.getText();
			case VALUE_NUMBER_INT:
				return switch (parser.getNumberType()) {
					case INT -> parser.getIntValue();
					case LONG -> parser.getLongValue();
					default -> parser.getBigIntegerValue();
				};
			case VALUE_NUMBER_FLOAT:
				return parser.getDoubleValue();
			case VALUE_TRUE:
				return Boolean.TRUE;
			case VALUE_FALSE:
				return Boolean.FALSE;
			case VALUE_NULL:
				return null;
			default:
				throw new CodecException("Unexpected JSON token " + token);
		}
	}

	/**
	 * Thrown when a payload cannot be decoded, or a value cannot be encoded.
	 */
	static final class CodecException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		/**
		 * Create an exception.
		 * @param message the message
		 */
		CodecException(String message) {
			super(message);
		}

		/**
		 * Create an exception with a cause.
		 * @param message the message
		 * @param cause the cause
		 */
		CodecException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
