package dev.ioboot.adapter.cluster;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Encodes and decodes the messages of socket.io's cluster protocol and the values in them,
 * byte for byte as Node's adapters do. It does no I/O.
 * <ul>
 * <li>A whole message is <code>{type, data, uid, nsp}</code>, keys in that order (the order
 * in which {@code ClusterAdapter} sets them), as MessagePack ({@link #encodeMsgpack}, what
 * {@code notepack.io} and {@code @msgpack/msgpack} write) or as JSON ({@link #encodeJson}, what
 * {@code JSON.stringify} writes). {@link #encode} chooses as the sharded Redis adapter does: JSON
 * unless the payload holds binary.</li>
 * <li>The payload alone ({@link #encodeData}, {@link #decodeData}) is what a transport that
 * stores the other fields apart needs, such as Redis Streams entries.</li>
 * </ul>
 * Values are written as JavaScript would see them: integral numbers as integers, other
 * numbers as float64, {@code byte[]} as binary, instants as timestamps, collections as arrays,
 * maps in iteration order, and any other object as the given {@link ObjectMapper} turns it
 * into a tree. Decoded values are {@code null}, {@link Boolean}, {@link Integer},
 * {@link Long}, {@link BigInteger}, {@link Double}, {@link String}, {@code byte[]},
 * {@link java.time.Instant}, {@link java.util.List} and {@link Map} with string keys. Malformed
 * input raises a {@link ClusterCodecException}, never another exception.
 */
public final class ClusterCodec {

	private final WireValues values;

	/**
	 * Create a codec.
	 * @param objectMapper the Jackson 2 mapper that turns values other than plain values,
	 * collections and maps into trees
	 */
	public ClusterCodec(ObjectMapper objectMapper) {
		this.values = new WireValues(objectMapper);
	}

	// ---------------------------------------------------------------- messages

	/**
	 * Encode a message as the sharded Redis adapter does: JSON, or MessagePack when its
	 * payload holds binary.
	 * @param message the message
	 * @return the payload, starting with <code>{</code> when it is JSON
	 */
	public byte[] encode(ClusterMessage message) {
		Object tree = this.values.normalize(toMap(message));
		return WireValues.hasBinary(tree) ? WireValues.packNormalized(tree) : WireValues.writeNormalized(tree);
	}

	/**
	 * Encode a message as MessagePack.
	 * @param message the message
	 * @return the MessagePack map
	 */
	public byte[] encodeMsgpack(ClusterMessage message) {
		return this.values.toMsgpack(toMap(message));
	}

	/**
	 * Encode a message as JSON; binary becomes a Node {@code Buffer} object, as
	 * {@code JSON.stringify} writes it.
	 * @param message the message
	 * @return the JSON text, UTF-8
	 */
	public byte[] encodeJson(ClusterMessage message) {
		return this.values.toJson(toMap(message));
	}

	/**
	 * Decode a message: JSON when the payload starts with <code>{</code>, MessagePack
	 * otherwise.
	 * @param payload the payload
	 * @return the message
	 * @throws ClusterCodecException if the payload is not a message
	 */
	public static ClusterMessage decode(byte[] payload) {
		if (payload == null || payload.length == 0) {
			throw new ClusterCodecException("Empty message");
		}
		Object value = (payload[0] == '{') ? WireValues.fromJson(payload) : WireValues.fromMsgpack(payload);
		if (!(value instanceof Map<?, ?> map)) {
			throw new ClusterCodecException("Message is not an object but " + describe(value));
		}
		return fromMap(map);
	}

	/**
	 * Build a message from its decoded fields {@code type}, {@code uid}, {@code nsp} and
	 * {@code data}, checking them. The type may be a number or, as Redis Streams entries hold
	 * it, a decimal string.
	 * @param fields the fields
	 * @return the message
	 * @throws ClusterCodecException if a field is missing or of the wrong kind
	 */
	public static ClusterMessage fromMap(Map<?, ?> fields) {
		Integer type = typeOf(fields.get("type"));
		if (type == null) {
			throw new ClusterCodecException("Message type is " + describe(fields.get("type")));
		}
		Object uid = fields.get("uid");
		if (uid != null && !(uid instanceof String)) {
			throw new ClusterCodecException("Message uid is " + describe(uid));
		}
		if (!(fields.get("nsp") instanceof String namespace)) {
			throw new ClusterCodecException("Message nsp is " + describe(fields.get("nsp")));
		}
		Object data = fields.get("data");
		if (data != null && !(data instanceof Map)) {
			throw new ClusterCodecException("Message data is " + describe(data));
		}
		Map<String, Object> payload = null;
		if (data != null) {
			payload = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : ((Map<?, ?>) data).entrySet()) {
				payload.put(String.valueOf(entry.getKey()), entry.getValue());
			}
		}
		return new ClusterMessage(type, (String) uid, namespace, payload);
	}

	// ---------------------------------------------------------------- payloads

	/**
	 * Encode a message's payload alone, as the Redis Streams adapter stores it: JSON, or
	 * MessagePack when it holds binary (that adapter then stores it base64-encoded).
	 * @param data the payload
	 * @return JSON text (starting with <code>{</code>) or a MessagePack map
	 */
	public byte[] encodeData(Map<String, ?> data) {
		Object tree = this.values.normalize(data);
		return WireValues.hasBinary(tree) ? WireValues.packNormalized(tree) : WireValues.writeNormalized(tree);
	}

	/**
	 * Decode a payload written by {@link #encodeData}: JSON when it starts with
	 * <code>{</code>, MessagePack otherwise.
	 * @param payload the payload
	 * @return the payload's map
	 * @throws ClusterCodecException if it is not an encoded map
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> decodeData(byte[] payload) {
		if (payload == null || payload.length == 0) {
			throw new ClusterCodecException("Empty data");
		}
		Object value = (payload[0] == '{') ? WireValues.fromJson(payload) : WireValues.fromMsgpack(payload);
		if (!(value instanceof Map)) {
			throw new ClusterCodecException("Data is not an object but " + describe(value));
		}
		return (Map<String, Object>) value;
	}

	// ---------------------------------------------------------------- values

	/**
	 * Encode any value as MessagePack.
	 * @param value the value
	 * @return the MessagePack bytes
	 * @throws ClusterCodecException if the value cannot be converted
	 */
	public byte[] toMsgpack(Object value) {
		return this.values.toMsgpack(value);
	}

	/**
	 * Encode any value as compact JSON, as {@code JSON.stringify} does.
	 * @param value the value
	 * @return the JSON text, UTF-8
	 * @throws ClusterCodecException if the value cannot be converted
	 */
	public byte[] toJson(Object value) {
		return this.values.toJson(value);
	}

	/**
	 * Decode one MessagePack value.
	 * @param payload the bytes
	 * @return the value
	 * @throws ClusterCodecException if the bytes are not one MessagePack value
	 */
	public static Object fromMsgpack(byte[] payload) {
		return WireValues.fromMsgpack(payload);
	}

	/**
	 * Decode one JSON value.
	 * @param payload the UTF-8 text
	 * @return the value
	 * @throws ClusterCodecException if the text is not one JSON value
	 */
	public static Object fromJson(byte[] payload) {
		return WireValues.fromJson(payload);
	}

	/**
	 * Format a finite double as JavaScript's {@code Number.prototype.toString()} does.
	 * @param value the number
	 * @return the text
	 */
	public static String jsNumber(double value) {
		return WireValues.jsNumber(value);
	}

	// ---------------------------------------------------------------- helpers

	private static Map<String, Object> toMap(ClusterMessage message) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("type", message.type());
		if (message.data() != null) {
			map.put("data", message.data());
		}
		if (message.uid() != null) {
			map.put("uid", message.uid());
		}
		map.put("nsp", message.namespace());
		return map;
	}

	private static Integer typeOf(Object value) {
		if (value instanceof Integer number) {
			return number;
		}
		if (value instanceof Long number && number == number.intValue()) {
			return number.intValue();
		}
		if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) <= 1000) {
			return number.intValue();
		}
		if (value instanceof String text && text.matches("[0-9]{1,4}")) {
			return Integer.valueOf(text);
		}
		return null;
	}

	static String describe(Object value) {
		return (value != null) ? value.getClass().getSimpleName() + " " + abbreviate(value) : "missing";
	}

	private static String abbreviate(Object value) {
		String text = String.valueOf(value);
		return (text.length() > 60) ? text.substring(0, 60) + "..." : text;
	}

}
