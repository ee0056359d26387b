package dev.ioboot;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The client did not acknowledge an event within the timeout given with
 * {@link IoEmitter#timeout(Duration)}.
 */
public class IoAckTimeoutException extends TimeoutException {

	private final String event;

	private final Duration timeout;

	/**
	 * Create an exception.
	 * @param socketId the socket that did not answer
	 * @param event the event it was asked to acknowledge
	 * @param timeout the timeout that passed
	 */
	public IoAckTimeoutException(String socketId, String event, Duration timeout) {
		super("Socket " + socketId + " did not acknowledge event '" + event + "' within " + timeout.toMillis()
				+ " ms");
		this.event = event;
		this.timeout = timeout;
	}

	/**
	 * Return the event that was not acknowledged.
	 * @return the event name
	 */
	public String getEvent() {
		return this.event;
	}

	/**
	 * Return the timeout that passed.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
