package dev.ioboot.server.socket;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ioboot.server.engine.InvalidPacketException;

/**
 * Reads the one MessagePack value of a message into the plain Java values the JSON parser
 * produces for the same JavaScript value: {@code null}, {@link Boolean}, {@link Integer},
 * {@link Long}, {@link BigInteger} (unsigned 64-bit above {@link Long#MAX_VALUE}),
 * {@link Double}, {@link String}, {@code byte[]}, {@link ArrayList} and {@link LinkedHashMap}
 * with string keys.
 * <p>
 * It reads what notepack.io 2.2 (behind {@code socket.io-msgpack-parser} 3.0) writes: integral
 * numbers are integers however they are encoded; {@code NaN} and infinities are {@code null},
 * as {@code JSON.stringify} makes them; binary data is bin, or ext type 0 (an
 * {@code ArrayBuffer} or typed array); {@code undefined} (fixext 1 type 0) is left out of maps
 * and {@code null} in arrays; a {@code Date} (fixext 8 type 0) is its ISO-8601 string, as
 * {@code toISOString()} writes it; any other extension is {@code [type, bytes]}.
 * <p>
 * Every declared length is checked against the bytes that remain before anything is
 * allocated for it, nesting is bounded, and whatever is malformed raises
 * {@link InvalidPacketException}, never another exception.
 */
final class MsgpackReader {

	/** JavaScript's {@code undefined}, until a map or an array decides what it becomes. */
	private static final Object UNDEFINED = new Object();

	/** The range of a JavaScript {@code Date}, in milliseconds either side of the epoch. */
	private static final long MAX_DATE = 8_640_000_000_000_000L;

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("-MM-dd'T'HH:mm:ss.SSS'Z'",
			Locale.ROOT);

	private final byte[] data;

	private final int maxDepth;

	private int position;

	/**
	 * Create a reader of one message.
	 * @param data the message
	 * @param maxDepth how deep maps and arrays may nest, the outermost one at depth 1
	 */
	MsgpackReader(byte[] data, int maxDepth) {
		this.data = data;
		this.maxDepth = maxDepth;
	}

	/**
	 * Read the message's value, which must take the whole message.
	 * @return the value
	 * @throws InvalidPacketException if the message is not one well-formed value
	 */
	Object readMessage() throws InvalidPacketException {
		Object value = read(0);
		if (this.position != this.data.length) {
			throw new InvalidPacketException(
					(this.data.length - this.position) + " bytes after the MessagePack value");
		}
		return (value != UNDEFINED) ? value : null;
	}

	private Object read(int depth) throws InvalidPacketException {
		int prefix = readByte();
		if (prefix <= 0x7f) {
			return prefix;
		}
		if (prefix <= 0x8f) {
			return readMap(prefix & 0x0f, depth + 1);
		}
		if (prefix <= 0x9f) {
			return readArray(prefix & 0x0f, depth + 1);
		}
		if (prefix <= 0xbf) {
			return readString(prefix & 0x1f);
		}
		if (prefix >= 0xe0) {
			return (int) (byte) prefix;
		}
		return switch (prefix) {
			case 0xc0 -> null;
			case 0xc2 -> Boolean.FALSE;
			case 0xc3 -> Boolean.TRUE;
			case 0xc4 -> readBytes(readByte());
			case 0xc5 -> readBytes(readShort());
			case 0xc6 -> readBytes(readLength());
			case 0xc7 -> readExtension(readByte());
			case 0xc8 -> readExtension(readShort());
			case 0xc9 -> readExtension(readLength());
			case 0xca -> number(Float.intBitsToFloat(readInt()));
			case 0xcb -> number(Double.longBitsToDouble(readLong()));
			case 0xcc -> readByte();
			case 0xcd -> readShort();
			case 0xce -> integer(readInt() & 0xffffffffL);
			case 0xcf -> unsigned(readLong());
			case 0xd0 -> (int) (byte) readByte();
			case 0xd1 -> (int) (short) readShort();
			case 0xd2 -> readInt();
			case 0xd3 -> integer(readLong());
			case 0xd4 -> readFixedExtension(1);
			case 0xd5 -> readFixedExtension(2);
			case 0xd6 -> readFixedExtension(4);
			case 0xd7 -> readFixedExtension(8);
			case 0xd8 -> readFixedExtension(16);
			case 0xd9 -> readString(readByte());
			case 0xda -> readString(readShort());
			case 0xdb -> readString(readLength());
			case 0xdc -> readArray(readShort(), depth + 1);
			case 0xdd -> readArray(readLength(), depth + 1);
			case 0xde -> readMap(readShort(), depth + 1);
			case 0xdf -> readMap(readLength(), depth + 1);
			default -> throw new InvalidPacketException("Unknown MessagePack type 0x" + Integer.toHexString(prefix));
		};
	}

	private List<Object> readArray(int length, int depth) throws InvalidPacketException {
		checkDepth(depth);
		// each element takes a byte at least
		require(length, "array of " + length + " elements");
		List<Object> array = new ArrayList<>(length);
		for (int i = 0; i < length; i++) {
			Object element = read(depth);
			array.add((element != UNDEFINED) ? element : null);
		}
		return array;
	}

	private Map<String, Object> readMap(int length, int depth) throws InvalidPacketException {
		checkDepth(depth);
		// each entry takes two bytes at least
		require(2L * length, "map of " + length + " entries");
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < length; i++) {
			if (!(read(depth) instanceof String key)) {
				throw new InvalidPacketException("MessagePack map key that is not a string");
			}
			Object value = read(depth);
			if (value != UNDEFINED) {
				map.put(key, value);
			}
			else {
				// JSON.stringify leaves undefined properties out
				map.remove(key);
			}
		}
		return map;
	}

	private String readString(int length) throws InvalidPacketException {
		require(length, "string of " + length + " bytes");
		String value = new String(this.data, this.position, length, StandardCharsets.UTF_8);
		this.position += length;
		return value;
	}

	private byte[] readBytes(int length) throws InvalidPacketException {
		require(length, "binary of " + length + " bytes");
		byte[] value = new byte[length];
		System.arraycopy(this.data, this.position, value, 0, length);
		this.position += length;
		return value;
	}

	private Object readExtension(int length) throws InvalidPacketException {
		int type = (byte) readByte();
		byte[] bytes = readBytes(length);
		// notepack.io 2.2 writes an ArrayBuffer or a typed array as extension type 0
		return (type == 0) ? bytes : List.of(type, bytes);
	}

	private Object readFixedExtension(int length) throws InvalidPacketException {
		int type = (byte) readByte();
		if (type == 0 && length == 1) {
			readByte();
			return UNDEFINED;
		}
		if (type == 0 && length == 8) {
			return date(readLong());
		}
		return List.of(type, readBytes(length));
	}

	private static Object date(long millis) {
		if (Math.abs(millis) > MAX_DATE) {
			// an invalid Date, which JSON.stringify writes as null
			return null;
		}
		LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000),
				(int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
		int year = time.getYear();
		String yearText = (year >= 0 && year <= 9999) ? String.format(Locale.ROOT, "%04d", year)
				: String.format(Locale.ROOT, "%s%06d", (year < 0) ? "-" : "+", Math.abs(year));
		return yearText + DATE_TIME.format(time);
	}

	private static Object number(double value) {
		if (!Double.isFinite(value)) {
			return null;
		}
		if (value == Math.rint(value) && value >= -0x1p63 && value < 0x1p63) {
			return integer((long) value);
		}
		return value;
	}

	private static Object integer(long value) {
		if (value == (int) value) {
			return (int) value;
		}
		return value;
	}

	private static Object unsigned(long value) {
		return (value >= 0) ? integer(value) : new BigInteger(Long.toUnsignedString(value));
	}

	private void checkDepth(int depth) throws InvalidPacketException {
		if (depth > this.maxDepth) {
			throw new InvalidPacketException("MessagePack value nested deeper than " + this.maxDepth + " levels");
		}
	}

	private void require(long length, String what) throws InvalidPacketException {
		int remaining = this.data.length - this.position;
		if (length > remaining) {
			throw new InvalidPacketException(
					"MessagePack " + what + " where " + remaining + " bytes remain in the message");
		}
	}

	private int readByte() throws InvalidPacketException {
		require(1, "value");
		return this.data[this.position++] & 0xff;
	}

	private int readShort() throws InvalidPacketException {
		require(2, "16-bit value");
		int value = ((this.data[this.position] & 0xff) << 8) | (this.data[this.position + 1] & 0xff);
		this.position += 2;
		return value;
	}

	private int readInt() throws InvalidPacketException {
		require(4, "32-bit value");
		int value = 0;
		for (int i = 0; i < 4; i++) {
			value = (value << 8) | (this.data[this.position++] & 0xff);
		}
		return value;
	}

	private long readLong() throws InvalidPacketException {
		require(8, "64-bit value");
		long value = 0;
		for (int i = 0; i < 8; i++) {
			value = (value << 8) | (this.data[this.position++] & 0xff);
		}
		return value;
	}

	/**
	 * Read a 32-bit length, which must fit the bytes that remain: never more than an int.
	 */
	private int readLength() throws InvalidPacketException {
		long length = readInt() & 0xffffffffL;
		require(length, "length of " + length);
		return (int) length;
	}

}
