package dev.ioboot.server;

import org.springframework.util.Assert;

/**
 * Decides whether an HTTP request may open a new Engine.IO session, before the session
 * exists: socket.io's {@code allowRequest}. Asked once per new client (the request without a
 * {@code sid}, polling or websocket), never for the later requests of a session. A denied
 * request is answered as socket.io answers it: a polling request with {@code 403} and
 * {@code {"code":4,"message":"Forbidden"}} (or the decision's message), a websocket upgrade
 * with {@code 400} and the message as text.
 * <p>
 * Filters run on the handler threads, not on the network threads, so they may block (a
 * database or a remote lookup). Beans of this type are asked in
 * {@link org.springframework.core.annotation.Order order}; the first that denies decides. A
 * filter that throws denies the request with the default message; the exception is logged,
 * never sent.
 */
@FunctionalInterface
public interface IoRequestFilter {

	/**
	 * Decide whether a request may open a session.
	 * @param request the request
	 * @return the decision
	 */
	Decision filter(IoHandshakeRequest request);

	/**
	 * What a filter decided.
	 *
	 * @param allowed whether the request may go on
	 * @param message what a denied client reads, or {@code null} for socket.io's
	 * {@code Forbidden}
	 */
	record Decision(boolean allowed, String message) {

		private static final Decision ALLOW = new Decision(true, null);

		private static final Decision DENY = new Decision(false, null);

		/**
		 * Check the values.
		 */
		public Decision {
			Assert.isTrue(!allowed || message == null, "An allowed request has no message");
		}

		/**
		 * Let the request go on (to the next filter, then to the session).
		 * @return the decision
		 */
		public static Decision allow() {
			return ALLOW;
		}

		/**
		 * Deny the request with socket.io's message, {@code Forbidden}.
		 * @return the decision
		 */
		public static Decision deny() {
			return DENY;
		}

		/**
		 * Deny the request with a message the client reads.
		 * @param message the message, decided by the application
		 * @return the decision
		 */
		public static Decision deny(String message) {
			Assert.hasText(message, "'message' must not be empty");
			return new Decision(false, message);
		}

	}

}
