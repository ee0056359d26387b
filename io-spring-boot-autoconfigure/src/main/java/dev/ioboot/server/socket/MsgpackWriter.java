package dev.ioboot.server.socket;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.POJONode;

/**
 * Writes one MessagePack message, values as notepack.io 2.2 (behind
 * {@code socket.io-msgpack-parser} 3.0) writes the JavaScript values they stand for: integral
 * numbers ({@code 2.0} included) as the smallest integer, other numbers as float64 (a
 * {@link Float} as the decimal it prints as), strings as UTF-8 (a lone surrogate as U+FFFD),
 * {@code byte[]} as bin, {@link Instant} and {@link Date} as notepack's date (fixext 8 type
 * 0), maps with string keys in iteration order, collections and object arrays as arrays, and
 * any other value as the Jackson mapper turns it into a tree. Not thread-safe: one writer per
 * message.
 */
final class MsgpackWriter {

	private final ObjectMapper mapper;

	private final int maxDepth;

	private byte[] buffer = new byte[64];

	private int size;

	/**
	 * Create a writer.
	 * @param mapper turns values other than plain ones into a tree
	 * @param maxDepth how deep a value may nest
	 */
	MsgpackWriter(ObjectMapper mapper, int maxDepth) {
		this.mapper = mapper;
		this.maxDepth = maxDepth;
	}

	/**
	 * Return the message written so far.
	 * @return a copy of the bytes
	 */
	byte[] toByteArray() {
		return Arrays.copyOf(this.buffer, this.size);
	}

	void writeMapHeader(int entries) {
		writeHeader(entries, 0x80, 0x10, 0xde, 0xdf);
	}

	void writeArrayHeader(int elements) {
		writeHeader(elements, 0x90, 0x10, 0xdc, 0xdd);
	}

	void writeNil() {
		ensure(1);
		this.buffer[this.size++] = (byte) 0xc0;
	}

	void writeBoolean(boolean value) {
		ensure(1);
		this.buffer[this.size++] = (byte) (value ? 0xc3 : 0xc2);
	}

	void writeInteger(long value) {
		if (value >= 0) {
			if (value < 0x80) {
				writeByte((int) value);
			}
			else if (value < 0x100) {
				writeByte(0xcc);
				writeByte((int) value);
			}
			else if (value < 0x10000) {
				writeByte(0xcd);
				writeBigEndian(value, 2);
			}
			else if (value < 0x100000000L) {
				writeByte(0xce);
				writeBigEndian(value, 4);
			}
			else {
				writeByte(0xcf);
				writeBigEndian(value, 8);
			}
		}
		else if (value >= -0x20) {
			writeByte((int) value & 0xff);
		}
		else if (value >= -0x80) {
			writeByte(0xd0);
			writeBigEndian(value, 1);
		}
		else if (value >= -0x8000) {
			writeByte(0xd1);
			writeBigEndian(value, 2);
		}
		else if (value >= -0x80000000L) {
			writeByte(0xd2);
			writeBigEndian(value, 4);
		}
		else {
			writeByte(0xd3);
			writeBigEndian(value, 8);
		}
	}

	void writeString(String value) {
		int length = utf8Length(value);
		if (length < 0x20) {
			writeByte(0xa0 | length);
		}
		else if (length < 0x100) {
			writeByte(0xd9);
			writeByte(length);
		}
		else if (length < 0x10000) {
			writeByte(0xda);
			writeBigEndian(length, 2);
		}
		else {
			writeByte(0xdb);
			writeBigEndian(length, 4);
		}
		ensure(length);
		writeUtf8(value);
	}

	void writeBinary(byte[] value) {
		int length = value.length;
		if (length < 0x100) {
			writeByte(0xc4);
			writeByte(length);
		}
		else if (length < 0x10000) {
			writeByte(0xc5);
			writeBigEndian(length, 2);
		}
		else {
			writeByte(0xc6);
			writeBigEndian(length, 4);
		}
		ensure(length);
		System.arraycopy(value, 0, this.buffer, this.size, length);
		this.size += length;
	}

	/**
	 * Write any value.
	 * @param value the value
	 * @param depth the depth the value is at: 1 if it is not inside a map or an array
	 * @throws IllegalArgumentException if it nests too deep or the mapper cannot convert it
	 */
	void writeValue(Object value, int depth) {
		if (value == null) {
			writeNil();
		}
		else if (value instanceof String text) {
			writeString(text);
		}
		else if (value instanceof Boolean bool) {
			writeBoolean(bool);
		}
		else if (value instanceof Number number) {
			writeNumber(number);
		}
		else if (value instanceof byte[] bytes) {
			writeBinary(bytes);
		}
		else if (value instanceof Map<?, ?> map && hasStringKeys(map)) {
			checkDepth(depth);
			Object[] entries = map.entrySet().toArray();
			writeMapHeader(entries.length);
			for (Object entry : entries) {
				writeString((String) ((Map.Entry<?, ?>) entry).getKey());
				writeValue(((Map.Entry<?, ?>) entry).getValue(), depth + 1);
			}
		}
		else if (value instanceof Collection<?> collection) {
			writeArray(collection.toArray(), depth);
		}
		else if (value instanceof Object[] array) {
			writeArray(array, depth);
		}
		else if (value instanceof JsonNode node) {
			writeTree(node, depth);
		}
		else if (value instanceof Instant instant) {
			writeInstant(instant, depth);
		}
		else if (value instanceof Date date) {
			writeDate(date.getTime());
		}
		else if (value instanceof CharSequence || value instanceof Character) {
			writeString(value.toString());
		}
		else {
			writeTree(toTree(value), depth);
		}
	}

	private void writeInstant(Instant instant, int depth) {
		long millis;
		try {
			millis = instant.toEpochMilli();
		}
		catch (ArithmeticException ex) {
			// far beyond a JavaScript Date
			writeTree(toTree(instant), depth);
			return;
		}
		writeDate(millis);
	}

	private void writeArray(Object[] elements, int depth) {
		checkDepth(depth);
		writeArrayHeader(elements.length);
		for (Object element : elements) {
			writeValue(element, depth + 1);
		}
	}

	private void writeTree(JsonNode node, int depth) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			writeNil();
		}
		else if (node instanceof POJONode pojo) {
			writeValue(pojo.getPojo(), depth);
		}
		else if (node instanceof BinaryNode binary) {
			writeBinary(binary.binaryValue());
		}
		else if (node.isTextual()) {
			writeString(node.textValue());
		}
		else if (node.isBoolean()) {
			writeBoolean(node.booleanValue());
		}
		else if (node.isNumber()) {
			writeNumber(node.numberValue());
		}
		else if (node.isArray()) {
			checkDepth(depth);
			writeArrayHeader(node.size());
			for (JsonNode element : node) {
				writeTree(element, depth + 1);
			}
		}
		else if (node.isObject()) {
			checkDepth(depth);
			writeMapHeader(node.size());
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				writeString(field.getKey());
				writeTree(field.getValue(), depth + 1);
			}
		}
		else {
			writeString(node.asText());
		}
	}

	private JsonNode toTree(Object value) {
		try {
			return this.mapper.valueToTree(value);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Cannot serialize Socket.IO payload: " + ex.getMessage(), ex);
		}
	}

	private void writeNumber(Number number) {
		if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
				|| number instanceof AtomicInteger || number instanceof AtomicLong) {
			writeInteger(number.longValue());
		}
		else if (number instanceof BigInteger integer) {
			writeInteger(integer);
		}
		else if (number instanceof BigDecimal decimal) {
			BigDecimal stripped = decimal.stripTrailingZeros();
			if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 20) {
				writeInteger(stripped.toBigIntegerExact());
			}
			else {
				writeDouble(decimal.doubleValue());
			}
		}
		else if (number instanceof Float value) {
			// the number JavaScript reads from the JSON Jackson writes, 0.1 for 0.1f
			writeDouble(Double.parseDouble(value.toString()));
		}
		else {
			writeDouble(number.doubleValue());
		}
	}

	private void writeInteger(BigInteger value) {
		if (value.bitLength() <= 63) {
			writeInteger(value.longValue());
		}
		else if (value.signum() > 0 && value.bitLength() <= 64) {
			writeByte(0xcf);
			writeBigEndian(value.longValue(), 8);
		}
		else {
			writeFloat64(value.doubleValue());
		}
	}

	private void writeDouble(double value) {
		if (Double.isFinite(value) && value == Math.rint(value)) {
			if (value >= -0x1p63 && value < 0x1p63) {
				writeInteger((long) value);
				return;
			}
			if (value > 0 && value < 0x1p64) {
				writeInteger(new BigDecimal(value).toBigIntegerExact());
				return;
			}
		}
		writeFloat64(value);
	}

	private void writeFloat64(double value) {
		writeByte(0xcb);
		writeBigEndian(Double.doubleToRawLongBits(value), 8);
	}

	private void writeDate(long millis) {
		writeByte(0xd7);
		writeByte(0);
		writeBigEndian(millis, 8);
	}

	private void writeHeader(int count, int fixed, int fixedLimit, int format16, int format32) {
		if (count < fixedLimit) {
			writeByte(fixed | count);
		}
		else if (count < 0x10000) {
			writeByte(format16);
			writeBigEndian(count, 2);
		}
		else {
			writeByte(format32);
			writeBigEndian(count, 4);
		}
	}

	private void checkDepth(int depth) {
		if (depth > this.maxDepth) {
			throw new IllegalArgumentException(
					"Cannot serialize Socket.IO payload: nested deeper than " + this.maxDepth + " levels");
		}
	}

	private static boolean hasStringKeys(Map<?, ?> map) {
		for (Object key : map.keySet()) {
			if (!(key instanceof String)) {
				return false;
			}
		}
		return true;
	}

	private void writeByte(int value) {
		ensure(1);
		this.buffer[this.size++] = (byte) value;
	}

	private void writeBigEndian(long value, int bytes) {
		ensure(bytes);
		for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
			this.buffer[this.size++] = (byte) (value >>> shift);
		}
	}

	/**
	 * The UTF-8 length of a string, a lone surrogate counted as U+FFFD, as Node's
	 * {@code Buffer} encodes it.
	 */
	private static int utf8Length(String value) {
		int length = 0;
		for (int i = 0, n = value.length(); i < n; i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	private void writeUtf8(String value) {
		byte[] out = this.buffer;
		int at = this.size;
		for (int i = 0, n = value.length(); i < n; i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				out[at++] = (byte) c;
			}
			else if (c < 0x800) {
				out[at++] = (byte) (0xc0 | (c >> 6));
				out[at++] = (byte) (0x80 | (c & 0x3f));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
				int code = Character.toCodePoint(c, value.charAt(++i));
				out[at++] = (byte) (0xf0 | (code >> 18));
				out[at++] = (byte) (0x80 | ((code >> 12) & 0x3f));
				out[at++] = (byte) (0x80 | ((code >> 6) & 0x3f));
				out[at++] = (byte) (0x80 | (code & 0x3f));
			}
			else {
				// a lone surrogate is U+FFFD, as Node's Buffer writes it
				int code = Character.isSurrogate(c) ? 0xfffd : c;
				out[at++] = (byte) (0xe0 | (code >> 12));
				out[at++] = (byte) (0x80 | ((code >> 6) & 0x3f));
				out[at++] = (byte) (0x80 | (code & 0x3f));
			}
		}
		this.size = at;
	}

	private void ensure(int bytes) {
		int needed = this.size + bytes;
		if (needed > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(needed, this.buffer.length * 2));
		}
	}

}
