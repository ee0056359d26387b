package dev.ioboot.security;

import dev.ioboot.IoConnectException;

/**
 * Refuses a client that failed to authenticate. The client receives a
 * {@code connect_error} with the message.
 */
public class IoAuthenticationException extends IoConnectException {

	/**
	 * Message for a token that is not valid.
	 */
	public static final String INVALID_CREDENTIALS = "Invalid credentials";

	/**
	 * Message for a token that was valid but has expired.
	 */
	public static final String TOKEN_EXPIRED = "Token expired";

	/**
	 * Message for a client that sent no credentials where they are required.
	 */
	public static final String AUTHENTICATION_REQUIRED = "Authentication required";

	/**
	 * Create an exception.
	 * @param message the message the client receives
	 */
	public IoAuthenticationException(String message) {
		super(message);
	}

	/**
	 * Create an exception.
	 * @param message the message the client receives
	 * @param cause the cause, logged, never sent to the client
	 */
	public IoAuthenticationException(String message, Throwable cause) {
		super(message);
		initCause(cause);
	}

}
