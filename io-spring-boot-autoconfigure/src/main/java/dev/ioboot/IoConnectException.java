package dev.ioboot;

/**
 * Refuses a client's CONNECT to a namespace: the client receives a {@code connect_error}
 * whose {@code message} is this exception's message (and {@code data}, if given), and the
 * socket is never connected.
 */
public class IoConnectException extends RuntimeException {

	private final transient Object data;

	/**
	 * Create an exception.
	 * @param message the message the client receives
	 */
	public IoConnectException(String message) {
		this(message, null);
	}

	/**
	 * Create an exception.
	 * @param message the message the client receives
	 * @param data further details the client receives as {@code err.data}, or {@code null}
	 */
	public IoConnectException(String message, Object data) {
		super(message);
		this.data = data;
	}

	/**
	 * Return the details the client receives.
	 * @return the data, or {@code null}
	 */
	public Object getData() {
		return this.data;
	}

}
