package dev.ioboot.server;

/**
 * Thrown when a client sends a packet that is not valid Engine.IO or Socket.IO: the
 * connection that sent it is closed.
 */
class InvalidPacketException extends Exception {

	InvalidPacketException(String message) {
		super(message);
	}

	InvalidPacketException(String message, Throwable cause) {
		super(message, cause);
	}

}
