package dev.ioboot.event;

/**
 * Thrown by a handler to refuse an event with a message the client may read: the
 * acknowledgement is {@code {"error": message}}. Any other exception a handler throws, and
 * no {@link IoExceptionHandler} claims, is acknowledged as
 * {@code {"error": "Internal server error"}} and logged, so that nothing internal (a SQL
 * message, a host name, a class name) reaches a client by accident.
 */
public class IoEventException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what the client reads, such as {@code User 7 not found}
	 */
	public IoEventException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a cause, which is logged but never sent.
	 * @param message what the client reads
	 * @param cause the cause
	 */
	public IoEventException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Return the acknowledgement the client receives.
	 * @return {@code {"error": message}}
	 */
	public Object toAck() {
		return java.util.Map.of("error", String.valueOf(getMessage()));
	}

}
