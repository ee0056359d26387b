package dev.ioboot;

import java.util.Optional;
import java.util.Set;

/**
 * One client connected to one namespace: the Spring counterpart of a Socket.IO server
 * {@code socket}.
 */
public interface IoSocket extends IoEmitter {

	/**
	 * Return the socket id, unique per namespace connection, and also the name of a room
	 * that only this socket is in.
	 * @return the id
	 */
	String id();

	/**
	 * Return the namespace this socket is connected to.
	 * @return the namespace, such as {@code /}
	 */
	String namespace();

	/**
	 * Return the dynamic namespace group this socket's namespace was created for, like the
	 * parent namespace of a socket.io socket on {@code io.of(/regex/)}.
	 * @return the group name, empty for a configured namespace
	 * @see IoDynamicNamespace
	 */
	default Optional<String> namespaceGroup() {
		return Optional.empty();
	}

	/**
	 * Return the id of the Engine.IO session the socket is carried on, shared by the sockets
	 * of one client in several namespaces (socket.io's {@code socket.conn.id}).
	 * @return the session id, or {@code null} for a socket not carried by a session
	 */
	default String clientId() {
		return null;
	}

	/**
	 * Return the transport the socket's session uses now (socket.io's
	 * {@code socket.conn.transport.name}).
	 * @return {@code polling} or {@code websocket}, or {@code null} for a socket not carried
	 * by a session
	 */
	default String transport() {
		return null;
	}

	/**
	 * Return what the client sent when it connected.
	 * @return the handshake
	 */
	IoHandshake handshake();

	/**
	 * Return who the socket is, as decided when it connected.
	 * @return the principal, {@link IoPrincipal#anonymous()} when the client did not
	 * authenticate
	 */
	IoPrincipal principal();

	/**
	 * Return the socket's roles.
	 * @return the principal's roles; {@code public} when the client did not authenticate
	 */
	default Set<String> roles() {
		return principal().roles();
	}

	/**
	 * Emit an event to this socket only.
	 * @param event the event name
	 * @param args the arguments
	 */
	@Override
	void emit(String event, Object... args);

	/**
	 * Join rooms.
	 * @param rooms the rooms
	 */
	void join(String... rooms);

	/**
	 * Leave rooms.
	 * @param rooms the rooms
	 */
	void leave(String... rooms);

	/**
	 * Return the rooms this socket is in, including its own id.
	 * @return the rooms
	 */
	Set<String> rooms();

	/**
	 * Return a broadcast to the given rooms that leaves this socket out, like
	 * {@code socket.to(room).emit(...)} in Node.
	 * @param rooms the rooms
	 * @return the broadcast
	 */
	IoBroadcast to(String... rooms);

	/**
	 * Return a broadcast to every other socket of the namespace, like
	 * {@code socket.broadcast.emit(...)} in Node.
	 * @return the broadcast
	 */
	default IoBroadcast broadcast() {
		return to();
	}

	/**
	 * Return whether the socket is still connected.
	 * @return {@code true} until it disconnects
	 */
	boolean connected();

	/**
	 * Disconnect this socket from its namespace; the client receives a DISCONNECT packet.
	 */
	void disconnect();

	/**
	 * Disconnect this socket from its namespace and, if asked, close the client's whole
	 * connection (every namespace), like {@code socket.disconnect(true)} in Node.
	 * @param close whether to close the underlying connection too
	 */
	void disconnect(boolean close);

	/**
	 * Return whether this socket came back within the connection state recovery window with
	 * its id, rooms and data, and received the packets it missed (socket.io's
	 * {@code socket.recovered}).
	 * @return {@code true} for a recovered socket
	 */
	default boolean recovered() {
		return false;
	}

	/**
	 * Return a value attached to this socket.
	 * @param key the key
	 * @param <T> the value type
	 * @return the value, or {@code null}
	 */
	<T> T get(String key);

	/**
	 * Return the values attached to this socket (socket.io's {@code socket.data}), as other
	 * nodes see them in {@code fetchSockets}.
	 * @return a read-only view of the values
	 */
	java.util.Map<String, Object> data();

	/**
	 * Attach a value to this socket, for later handlers.
	 * @param key the key
	 * @param value the value
	 */
	void set(String key, Object value);

}
