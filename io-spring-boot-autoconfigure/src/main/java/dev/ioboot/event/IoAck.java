package dev.ioboot.event;

/**
 * The acknowledgement of one event, for handlers that answer with several arguments or later
 * than their return.
 */
public interface IoAck {

	/**
	 * Return whether the client asked for an acknowledgement.
	 * @return {@code true} if it did
	 */
	boolean requested();

	/**
	 * Send the acknowledgement. Only the first call has an effect, and none if the client did
	 * not ask for one.
	 * @param args the acknowledgement arguments
	 */
	void send(Object... args);

}
