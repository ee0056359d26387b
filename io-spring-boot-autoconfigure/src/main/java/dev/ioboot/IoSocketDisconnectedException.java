package dev.ioboot;

/**
 * The socket disconnected before it acknowledged an event it was asked to acknowledge with
 * {@link IoEmitter#emitWithAck(String, Object...)}.
 */
public class IoSocketDisconnectedException extends IllegalStateException {

	/**
	 * Create an exception.
	 * @param socketId the socket that disconnected
	 * @param reason why it disconnected, such as {@code transport close}
	 */
	public IoSocketDisconnectedException(String socketId, String reason) {
		super("Socket " + socketId + " has been disconnected (" + reason + ")");
	}

}
