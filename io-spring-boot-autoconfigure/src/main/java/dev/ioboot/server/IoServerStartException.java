package dev.ioboot.server;

/**
 * Thrown when the Socket.IO server cannot start listening, for example because its port is
 * already in use.
 */
public class IoServerStartException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message the message, naming the address
	 * @param cause the cause
	 */
	public IoServerStartException(String message, Throwable cause) {
		super(message, cause);
	}

}
