package dev.ioboot.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One Engine.IO packet: text (its type digit first) or a binary message. A packet written to
 * many websockets is encoded to UTF-8 once.
 */
final class EngineFrame {

	private final String text;

	private final byte[] binary;

	private volatile byte[] utf8;

	/**
	 * Create a packet.
	 * @param text the text packet, {@code null} for a binary message
	 * @param binary the binary message, {@code null} for a text packet
	 */
	EngineFrame(String text, byte[] binary) {
		this.text = text;
		this.binary = binary;
	}

	String text() {
		return this.text;
	}

	byte[] binary() {
		return this.binary;
	}

	/**
	 * Return the text packet's UTF-8 bytes, computed once.
	 * @return the bytes
	 */
	byte[] utf8() {
		byte[] bytes = this.utf8;
		if (bytes == null) {
			bytes = this.text.getBytes(StandardCharsets.UTF_8);
			this.utf8 = bytes;
		}
		return bytes;
	}

	static final char OPEN = '0';

	static final char CLOSE = '1';

	static final char PING = '2';

	static final char PONG = '3';

	static final char MESSAGE = '4';

	static final char UPGRADE = '5';

	static final char NOOP = '6';

	static final EngineFrame PING_FRAME = text("2");

	static final EngineFrame NOOP_FRAME = text("6");

	static final EngineFrame CLOSE_FRAME = text("1");

	static final char RECORD_SEPARATOR = '\u001e';

	static EngineFrame text(String text) {
		return new EngineFrame(text, null);
	}

	static EngineFrame message(String socketIoPacket) {
		return new EngineFrame(MESSAGE + socketIoPacket, null);
	}

	static EngineFrame binary(byte[] data) {
		return new EngineFrame(null, data);
	}

	boolean isBinary() {
		return this.binary != null;
	}

	/**
	 * Return this packet as it is written in a polling payload.
	 * @return the text, or {@code b} and the base64 of a binary message
	 */
	String forPolling() {
		return isBinary() ? "b" + Base64.getEncoder().encodeToString(this.binary) : this.text;
	}

	/**
	 * Read one packet of a polling payload. Base64 line breaks, which some clients insert,
	 * are ignored.
	 * @param encoded the packet as written in the payload
	 * @return the packet
	 * @throws IllegalArgumentException if a binary packet is not valid base64
	 */
	static EngineFrame fromPolling(String encoded) {
		if (!encoded.isEmpty() && encoded.charAt(0) == 'b') {
			return binary(Base64.getMimeDecoder().decode(encoded.substring(1).getBytes(StandardCharsets.US_ASCII)));
		}
		return text(encoded);
	}

}
