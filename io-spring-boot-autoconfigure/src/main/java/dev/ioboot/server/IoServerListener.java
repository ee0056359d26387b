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
	 * A socket connected to a namespace: the socket itself, in its own room, before the
	 * {@code connection} handlers run, for listeners that follow each connection. By default,
	 * {@link #socketConnected(String)} with its namespace.
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
	 * A socket left a namespace: the socket itself and why, before the {@code disconnecting}
	 * handlers run. By default, {@link #socketDisconnected(String)} with its namespace.
	 * @param socket the socket
	 * @param reason the Socket.IO reason, such as {@code transport close} or
	 * {@code client namespace disconnect}
	 */
	default void socketDisconnected(IoSocket socket, String reason) {
		socketDisconnected(socket.namespace());
	}

	/**
	 * A client's Engine.IO message arrived: a Socket.IO packet or one of its binary
	 * attachments. Called on a network thread for every message: it must be quick.
	 * @param bytes its size, in bytes for binary and UTF-8 text
	 */
	default void messageReceived(int bytes) {
	}

	/**
	 * An Engine.IO message was handed to a client's transport: a Socket.IO packet or one of
	 * its binary attachments. Called for every message to every client: it must be quick.
	 * @param bytes its size, in bytes for binary and UTF-8 text
	 */
	default void messageSent(int bytes) {
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

	/**
	 * A client opened an Engine.IO session (socket.io's {@code io.engine.on("connection")}).
	 * @param clientId the session id, the {@link IoSocket#clientId() client id} of its sockets
	 * @param transport the transport it opened with, {@code polling} or {@code websocket}
	 */
	default void clientConnected(String clientId, String transport) {
	}

	/**
	 * A client's session moved from polling to a websocket.
	 * @param clientId the session id
	 * @param transport the new transport, {@code websocket}
	 */
	default void clientUpgraded(String clientId, String transport) {
	}

	/**
	 * A client's session closed.
	 * @param clientId the session id
	 * @param reason why, in Engine.IO's words, such as {@code transport close}
	 */
	default void clientDisconnected(String clientId, String reason) {
	}

	/**
	 * A socket joined a room it was not in (socket.io's adapter {@code join-room} event),
	 * whether connected yet or not: its own room, the rooms of its principal, those joined by
	 * middlewares, handlers or server-side operations.
	 * @param socket the socket
	 * @param room the room
	 */
	default void roomJoined(IoSocket socket, String room) {
	}

	/**
	 * A socket left a room it was in (socket.io's adapter {@code leave-room} event), also
	 * when it leaves every room after disconnecting.
	 * @param socket the socket
	 * @param room the room
	 */
	default void roomLeft(IoSocket socket, String room) {
	}

}
