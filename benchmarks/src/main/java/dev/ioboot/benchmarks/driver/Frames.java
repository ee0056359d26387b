package dev.ioboot.benchmarks.driver;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Small byte-level helpers for reading and writing frames without building strings.
 */
final class Frames {

	private static final byte[] TIME_KEY = "\"t\":".getBytes(StandardCharsets.US_ASCII);

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
		outer: for (int i = from; i <= end - TIME_KEY.length; i++) {
			for (int k = 0; k < TIME_KEY.length; k++) {
				if (buf.getByte(i + k) != TIME_KEY[k]) {
					continue outer;
				}
			}
			return readNumber(buf, i + TIME_KEY.length, end);
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
