package dev.ioboot.server.socket;

/**
 * Turns why an Engine.IO session closed into the reason socket.io gives a socket's
 * {@code disconnecting} and {@code disconnect} handlers.
 */
final class DisconnectReasons {

	/** The client disconnected from the namespace. */
	static final String CLIENT_NAMESPACE_DISCONNECT = "client namespace disconnect";

	/** The server disconnected the socket from the namespace. */
	static final String SERVER_NAMESPACE_DISCONNECT = "server namespace disconnect";

	private DisconnectReasons() {
	}

	/**
	 * Return the socket.io reason for a closed session: {@code transport close} when the
	 * client closed it or its connection went away, {@code forced close} when the server
	 * closed it; {@code ping timeout}, {@code transport error}, {@code parse error} and
	 * {@code server shutting down} as they are.
	 * @param sessionReason why the session closed
	 * @return the reason
	 */
	static String of(String sessionReason) {
		return switch (sessionReason) {
			case "client close", "transport close" -> "transport close";
			case "server close", "server error" -> "forced close";
			default -> sessionReason;
		};
	}

}
