package dev.ioboot.adapter.redis;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.msgpack.core.MessagePack;

import dev.ioboot.adapter.cluster.ClusterCodec;
import dev.ioboot.adapter.cluster.ClusterCodecException;

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

	private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		.toCharArray();

	private static final int ID_LENGTH = 6;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final DateTimeFormatter JS_DATE = DateTimeFormatter
		.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'Z '(Coordinated Universal Time)'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter JS_DATE_PARSER = DateTimeFormatter
		.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'Z", Locale.ENGLISH);

	private final ClusterCodec values;

	/**
	 * Create a codec.
	 * @param objectMapper the Jackson 2 mapper that turns arguments other than plain values,
	 * collections and maps into trees
	 */
	RedisAdapterCodec(ObjectMapper objectMapper) {
		this.values = new ClusterCodec(objectMapper);
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

	private byte[] toMsgpack(Object value) {
		try {
			return this.values.toMsgpack(value);
		}
		catch (ClusterCodecException ex) {
			throw new CodecException(ex.getMessage(), ex);
		}
	}

	private static Object fromMsgpack(byte[] payload) {
		try {
			return ClusterCodec.fromMsgpack(payload);
		}
		catch (ClusterCodecException ex) {
			throw new CodecException(ex.getMessage(), ex);
		}
	}

	private byte[] toJson(Object value) {
		try {
			return this.values.toJson(value);
		}
		catch (ClusterCodecException ex) {
			throw new CodecException(ex.getMessage(), ex);
		}
	}

	private static Object fromJson(byte[] payload) {
		try {
			return ClusterCodec.fromJson(payload);
		}
		catch (ClusterCodecException ex) {
			throw new CodecException(ex.getMessage(), ex);
		}
	}

	/**
	 * Format a finite double as JavaScript's {@code Number.prototype.toString()} does.
	 */
	static String jsNumber(double value) {
		return ClusterCodec.jsNumber(value);
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
