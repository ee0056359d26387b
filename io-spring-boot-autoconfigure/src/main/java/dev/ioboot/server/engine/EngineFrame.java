package dev.ioboot.server.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * One Engine.IO packet: text (its type digit first) or a binary message. A text packet is kept
 * as UTF-8 bytes or as a string, whichever it was made from, and converted only when the other
 * form is asked for: a packet read from a websocket is parsed from its bytes, and a packet
 * written to many websockets is encoded once.
 */
public final class EngineFrame {

	private volatile String text;

	private volatile byte[] utf8;

	// where the packet starts in utf8: a message's Socket.IO packet shares the bytes of its
	// Engine.IO packet
	private final int start;

	private final byte[] binary;

	private EngineFrame(String text, byte[] utf8, int start, byte[] binary) {
		this.text = text;
		this.utf8 = utf8;
		this.start = start;
		this.binary = binary;
	}

	/**
	 * Return the text packet as a string, decoded once.
	 * @return the text
	 */
	public String text() {
		String value = this.text;
		if (value == null) {
			value = new String(this.utf8, this.start, this.utf8.length - this.start, StandardCharsets.UTF_8);
			this.text = value;
		}
		return value;
	}

	/**
	 * Return the bytes of a binary message.
	 * @return the bytes, or {@code null} for a text packet
	 */
	public byte[] binary() {
		return this.binary;
	}

	/**
	 * Return the packet's size: its length in bytes, or in characters when it was made from
	 * a string that has not been encoded yet.
	 * @return the size
	 */
	public int size() {
		if (this.binary != null) {
			return this.binary.length;
		}
		byte[] bytes = this.utf8;
		return (bytes != null) ? bytes.length - this.start : this.text.length();
	}

	/**
	 * Return the text packet's UTF-8 bytes, computed once.
	 * @return the bytes
	 */
	public byte[] utf8() {
		byte[] bytes = utf8Buffer();
		return (this.start == 0) ? bytes : Arrays.copyOfRange(bytes, this.start, bytes.length);
	}

	/**
	 * Return the bytes the text packet is in, from {@link #utf8Start()} to the end.
	 * @return the UTF-8 bytes, not to be modified
	 */
	public byte[] utf8Buffer() {
		byte[] bytes = this.utf8;
		if (bytes == null) {
			bytes = this.text.getBytes(StandardCharsets.UTF_8);
			this.utf8 = bytes;
		}
		return bytes;
	}

	/**
	 * Return where the text packet starts in {@link #utf8Buffer()}.
	 * @return the offset
	 */
	public int utf8Start() {
		return this.start;
	}

	/**
	 * Return the first character of a text packet, its Engine.IO type.
	 * @return the type, or {@code 0} for an empty packet
	 */
	public char type() {
		byte[] bytes = this.utf8;
		if (bytes != null) {
			return (bytes.length > this.start) ? (char) (bytes[this.start] & 0xff) : 0;
		}
		return this.text.isEmpty() ? 0 : this.text.charAt(0);
	}

	/**
	 * Return a text packet without its first character: the Socket.IO packet of a message.
	 * @return the rest of the packet, sharing this packet's bytes
	 */
	public EngineFrame withoutType() {
		byte[] bytes = this.utf8;
		if (bytes != null) {
			return new EngineFrame(null, bytes, this.start + 1, null);
		}
		return text(this.text.substring(1));
	}

	/** The type of the packet opening a session. */
	public static final char OPEN = '0';

	/** The type of the packet closing a session. */
	public static final char CLOSE = '1';

	/** The type of a ping. */
	public static final char PING = '2';

	/** The type of a pong. */
	public static final char PONG = '3';

	/** The type of a message packet, which carries a Socket.IO packet. */
	public static final char MESSAGE = '4';

	/** The type of the packet completing an upgrade. */
	public static final char UPGRADE = '5';

	/** The type of a packet that does nothing. */
	public static final char NOOP = '6';

	/** A ping. */
	public static final EngineFrame PING_FRAME = text("2");

	/** A packet that does nothing. */
	public static final EngineFrame NOOP_FRAME = text("6");

	/** The packet closing a session. */
	public static final EngineFrame CLOSE_FRAME = text("1");

	/** What separates the packets of one polling payload. */
	public static final char RECORD_SEPARATOR = '\u001e';

	/**
	 * Create a text packet.
	 * @param text the packet, its type digit first
	 * @return the packet
	 */
	public static EngineFrame text(String text) {
		return new EngineFrame(text, null, 0, null);
	}

	/**
	 * A text packet from its UTF-8 bytes.
	 * @param utf8 the bytes, not modified afterwards
	 * @return the packet
	 */
	public static EngineFrame utf8(byte[] utf8) {
		return new EngineFrame(null, utf8, 0, null);
	}

	/**
	 * Create a binary message.
	 * @param data the bytes
	 * @return the packet
	 */
	public static EngineFrame binary(byte[] data) {
		return new EngineFrame(null, null, 0, data);
	}

	/**
	 * Return whether this is a binary message.
	 * @return {@code true} for a binary message
	 */
	public boolean isBinary() {
		return this.binary != null;
	}

	/**
	 * Return this packet as it is written in a polling payload.
	 * @return the text, or {@code b} and the base64 of a binary message
	 */
	public String forPolling() {
		return isBinary() ? "b" + Base64.getEncoder().encodeToString(this.binary) : text();
	}

	/**
	 * Read one packet of a polling payload. Base64 line breaks, which some clients insert,
	 * are ignored.
	 * @param encoded the packet as written in the payload
	 * @return the packet
	 * @throws IllegalArgumentException if a binary packet is not valid base64
	 */
	public static EngineFrame fromPolling(String encoded) {
		if (!encoded.isEmpty() && encoded.charAt(0) == 'b') {
			return binary(Base64.getMimeDecoder().decode(encoded.substring(1).getBytes(StandardCharsets.US_ASCII)));
		}
		return text(encoded);
	}

}
