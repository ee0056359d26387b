package dev.ioboot.server.engine;

/**
 * Thrown when a client sends a packet that is not valid Engine.IO or Socket.IO: the
 * connection that sent it is closed. The message may quote what the client sent; it is cut
 * short, so that the warning logged for a hostile packet is not as long as the packet.
 */
public class InvalidPacketException extends Exception {

	private static final int MAX_MESSAGE_LENGTH = 200;

	/**
	 * Create an exception.
	 * @param message what is wrong with the packet
	 */
	public InvalidPacketException(String message) {
		super(abbreviate(message));
	}

	/**
	 * Create an exception.
	 * @param message what is wrong with the packet
	 * @param cause the cause
	 */
	public InvalidPacketException(String message, Throwable cause) {
		super(abbreviate(message), cause);
	}

	private static String abbreviate(String message) {
		if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
			return message;
		}
		return message.substring(0, MAX_MESSAGE_LENGTH) + "... (" + message.length() + " characters)";
	}

}
