package dev.ioboot.adapter.cluster;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * The values socket.io's adapters exchange, written and read as Node writes and reads them:
 * MessagePack as {@code notepack.io} and {@code @msgpack/msgpack} do, JSON as
 * {@code JSON.stringify} and {@code JSON.parse} do.
 * <p>
 * Values are written as JavaScript would see them: integral numbers (a {@code Double} 2.0
 * included) as the smallest MessagePack integer, other numbers as float64, {@code byte[]} and
 * {@link ByteBuffer} as MessagePack bin (a Node {@code Buffer} in JSON), {@link Instant} and
 * {@link Date} as the timestamp extension (ISO text in JSON), maps in iteration order,
 * collections and arrays as arrays, and any other object as the given {@link ObjectMapper}
 * turns it into a tree. Decoded values are {@code null}, {@link Boolean}, {@link Integer},
 * {@link Long}, {@link java.math.BigInteger} (above {@link Long#MAX_VALUE}), {@link Double},
 * {@link String}, {@code byte[]}, {@link Instant}, {@link ArrayList} and
 * {@link LinkedHashMap} with string keys. Malformed input raises a
 * {@link ClusterCodecException}, never another exception.
 */
final class WireValues {

	/**
	 * Adapter messages are small: a packer's first buffer is sized for them (the default is
	 * 8 KiB, allocated for every message), larger ones grow it.
	 */
	private static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(512);

	private static final int MAX_DEPTH = 256;

	private static final DateTimeFormatter JS_ISO_DATE = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final JsonFactory JSON_FACTORY = new JsonFactory();

	private final ObjectMapper objectMapper;

	WireValues(ObjectMapper objectMapper) {
		this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper must not be null");
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
			throw new ClusterCodecException("Cannot convert " + value.getClass().getName() + ": " + ex.getMessage(), ex);
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
		throw new ClusterCodecException("Cannot convert JSON node " + node.getNodeType());
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
			throw new ClusterCodecException("Value nested deeper than " + MAX_DEPTH + " levels");
		}
	}

	// ---------------------------------------------------------------- MessagePack

	/**
	 * Turn a value into the plain tree both writers understand (see {@link #normalize(Object, int)}).
	 */
	Object normalize(Object value) {
		return normalize(value, 0);
	}

	byte[] toMsgpack(Object value) {
		return packNormalized(normalize(value, 0));
	}

	static byte[] packNormalized(Object tree) {
		try (MessageBufferPacker packer = PACKER.newBufferPacker()) {
			pack(packer, tree);
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new ClusterCodecException("Cannot write MessagePack: " + ex.getMessage(), ex);
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

	static Object fromMsgpack(byte[] payload) {
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
			Object value = unpack(unpacker, payload.length, 0);
			if (unpacker.hasNext()) {
				throw new ClusterCodecException(
						(payload.length - unpacker.getTotalReadBytes()) + " trailing bytes after the MessagePack value");
			}
			return value;
		}
		catch (ClusterCodecException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw new ClusterCodecException("Malformed MessagePack: " + ex.getMessage(), ex);
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
				throw new ClusterCodecException("Unsupported MessagePack format " + format);
		}
	}

	/**
	 * Fail early when a header announces more bytes (or values, at least one byte each) than
	 * are left, so that a forged length cannot make the decoder allocate.
	 */
	private static void checkRemaining(MessageUnpacker unpacker, long size, long needed) {
		if (needed < 0 || needed > size - unpacker.getTotalReadBytes()) {
			throw new ClusterCodecException("MessagePack length " + needed + " exceeds the remaining "
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

	byte[] toJson(Object value) {
		return writeNormalized(normalize(value, 0));
	}

	static byte[] writeNormalized(Object tree) {
		StringBuilder json = new StringBuilder(128);
		writeJson(json, tree);
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Return whether a normalized value holds binary anywhere, as socket.io's
	 * {@code hasBinary} tells.
	 */
	static boolean hasBinary(Object tree) {
		if (tree instanceof byte[]) {
			return true;
		}
		if (tree instanceof List<?> list) {
			for (Object element : list) {
				if (hasBinary(element)) {
					return true;
				}
			}
		}
		else if (tree instanceof Map<?, ?> map) {
			for (Object element : map.values()) {
				if (hasBinary(element)) {
					return true;
				}
			}
		}
		return false;
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

	static Object fromJson(byte[] payload) {
		try (JsonParser parser = JSON_FACTORY.createParser(payload)) {
			Object value = readJson(parser, parser.nextToken(), 0);
			if (parser.nextToken() != null) {
				throw new ClusterCodecException("Trailing content after the JSON value");
			}
			return value;
		}
		catch (ClusterCodecException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw new ClusterCodecException("Malformed JSON: " + ex.getMessage(), ex);
		}
	}

	private static Object readJson(JsonParser parser, JsonToken token, int depth) throws IOException {
		checkDepth(depth);
		if (token == null) {
			throw new ClusterCodecException("Unexpected end of JSON");
		}
		switch (token) {
			case START_OBJECT: {
				Map<String, Object> map = new LinkedHashMap<>();
				for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
					if (next != JsonToken.FIELD_NAME) {
						throw new ClusterCodecException("Unexpected JSON token " + next);
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
				throw new ClusterCodecException("Unexpected JSON token " + token);
		}
	}

}
