package dev.ioboot.server;

import dev.ioboot.IoSocket;

/**
 * Told what the Socket.IO server does, for metrics and monitoring. Called on network and
 * handler threads while the server works: implementations must be thread-safe and quick,
 * and must not throw.
 */
public interface IoServerListener {

	/**
	 * A socket connected to a namespace.
	 * @param namespace the namespace
	 */
	default void socketConnected(String namespace) {
	}

	/**
	 * A socket connected to a namespace: the socket itself, for listeners that follow each
	 * connection. By default, {@link #socketConnected(String)} with its namespace.
	 * @param socket the socket
	 */
	default void socketConnected(IoSocket socket) {
		socketConnected(socket.namespace());
	}

	/**
	 * A socket left a namespace, whatever the reason.
	 * @param namespace the namespace
	 */
	default void socketDisconnected(String namespace) {
	}

	/**
	 * A socket left a namespace: the socket itself and why. By default,
	 * {@link #socketDisconnected(String)} with its namespace.
	 * @param socket the socket
	 * @param reason the Socket.IO reason, such as {@code transport close} or
	 * {@code client namespace disconnect}
	 */
	default void socketDisconnected(IoSocket socket, String reason) {
		socketDisconnected(socket.namespace());
	}

	/**
	 * A client was refused.
	 * @param namespace the namespace it tried to connect to, or {@code null} when it was
	 * refused before naming one (its transport was not even opened)
	 * @param reason why, one of the {@link IoRejection} constants
	 */
	default void connectionRejected(String namespace, String reason) {
	}

	/**
	 * A socket sent an event.
	 * @param namespace the namespace
	 * @param event the event name, as the client sent it
	 */
	default void eventReceived(String namespace, String event) {
	}

	/**
	 * An event of a socket was dropped without being handled.
	 * @param namespace the namespace
	 * @param event the event name, as the client sent it
	 * @param reason why, such as {@code rate-limit}
	 */
	default void eventDropped(String namespace, String event, String reason) {
	}

	/**
	 * Events were sent to sockets.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param sockets how many sockets it was sent to
	 */
	default void eventSent(String namespace, String event, int sockets) {
	}

	/**
	 * A handler finished with an event.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param nanos how long it ran
	 * @param failed whether it threw
	 */
	default void eventHandled(String namespace, String event, long nanos, boolean failed) {
	}

}
