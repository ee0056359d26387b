package dev.ioboot.benchmarks.driver;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Small byte-level helpers for reading and writing frames without building strings.
 */
final class Frames {

	private static final byte[] TIME_KEY = "\"t\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ID_KEY = "\"id\":".getBytes(StandardCharsets.US_ASCII);

	private Frames() {
	}

	static void writeAscii(ByteBuf out, String text) {
		out.writeCharSequence(text, StandardCharsets.US_ASCII);
	}

	static void writeEventArray(ByteBuf out, String event, byte[]... args) {
		out.writeByte('[').writeByte('"');
		writeAscii(out, event);
		out.writeByte('"');
		for (byte[] arg : args) {
			out.writeByte(',').writeBytes(arg);
		}
		out.writeByte(']');
	}

	/**
	 * Reads the unsigned decimal number starting at {@code index}.
	 * @return the number, or -1 when there is no digit there
	 */
	static long readNumber(ByteBuf buf, int index, int end) {
		long value = -1;
		for (int i = index; i < end; i++) {
			byte b = buf.getByte(i);
			if (b < '0' || b > '9') {
				break;
			}
			value = (value < 0 ? 0 : value * 10) + (b - '0');
		}
		return value;
	}

	static int digitsEnd(ByteBuf buf, int index, int end) {
		int i = index;
		while (i < end && buf.getByte(i) >= '0' && buf.getByte(i) <= '9') {
			i++;
		}
		return i;
	}

	/**
	 * The value of the first {@code "t":} key of a tick, or -1.
	 */
	static long timeOf(ByteBuf buf, int from, int end) {
		return numberAfter(buf, from, end, TIME_KEY);
	}

	/**
	 * The value of the first {@code "id":} key of a chat message, or -1.
	 */
	static long idOf(ByteBuf buf, int from, int end) {
		return numberAfter(buf, from, end, ID_KEY);
	}

	private static long numberAfter(ByteBuf buf, int from, int end, byte[] key) {
		outer: for (int i = from; i <= end - key.length; i++) {
			for (int k = 0; k < key.length; k++) {
				if (buf.getByte(i + k) != key[k]) {
					continue outer;
				}
			}
			return readNumber(buf, i + key.length, end);
		}
		return -1;
	}

	static boolean startsWith(ByteBuf buf, int index, int end, byte[] prefix) {
		if (end - index < prefix.length) {
			return false;
		}
		for (int k = 0; k < prefix.length; k++) {
			if (buf.getByte(index + k) != prefix[k]) {
				return false;
			}
		}
		return true;
	}

}
