package dev.ioboot;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Entry point to the Socket.IO server from application code: the Spring counterpart of
 * the Strapi plugin's {@code strapi.$io}.
 *
 * <p>Broadcasts made here are encoded once and written to every matching socket of this
 * node, whatever its transport. Every method is safe to call from any thread.
 *
 * @see IoBroadcast
 */
public interface Io {

	/** The default namespace, {@value}. */
	String DEFAULT_NAMESPACE = "/";

	/**
	 * Emit an event to every socket connected to the default namespace.
	 * @param event the event name
	 * @param args the event arguments (any JSON-serializable value, {@code byte[]} for binary)
	 */
	default void emit(String event, Object... args) {
		broadcast().emit(event, args);
	}

	/**
	 * Start a broadcast to the given rooms of the default namespace.
	 * @param rooms the rooms (a socket id is also a room)
	 * @return the broadcast, to narrow further or emit
	 */
	default IoBroadcast to(String... rooms) {
		return broadcast().to(rooms);
	}

	/**
	 * Start a broadcast to every socket of the default namespace except those in the given rooms.
	 * @param rooms the rooms to leave out
	 * @return the broadcast, to narrow further or emit
	 */
	default IoBroadcast except(String... rooms) {
		return broadcast().except(rooms);
	}

	/**
	 * Start a broadcast to the sockets of the given namespace.
	 * @param namespace the namespace, such as {@code /custom}
	 * @return the broadcast, to narrow further or emit
	 */
	IoBroadcast of(String namespace);

	/**
	 * Emit an event to one socket of the default namespace, on whichever node it is connected.
	 * @param socketId the socket id
	 * @param event the event name
	 * @param args the event arguments
	 * @return whether a socket with that id is connected to this node
	 */
	boolean emitTo(String socketId, String event, Object... args);

	/**
	 * Emit an event with one argument, unchanged, to the given rooms of the default namespace, or
	 * to every socket when no room is given. The counterpart of the Strapi plugin's {@code raw}.
	 * @param event the event name
	 * @param data the single argument
	 * @param rooms the rooms, none for everyone
	 */
	void raw(String event, Object data, String... rooms);

	/**
	 * Make a socket of the default namespace join rooms.
	 * @param socketId the socket id
	 * @param rooms the rooms to join
	 * @return whether a socket with that id is connected to this node
	 */
	boolean join(String socketId, String... rooms);

	/**
	 * Make a socket of the default namespace leave rooms.
	 * @param socketId the socket id
	 * @param rooms the rooms to leave
	 * @return whether a socket with that id is connected to this node
	 */
	boolean leave(String socketId, String... rooms);

	/**
	 * Find a socket connected to this node.
	 * @param namespace the namespace
	 * @param socketId the socket id
	 * @return the socket, if connected
	 */
	Optional<IoSocket> socket(String namespace, String socketId);

	/**
	 * Return the sockets of a namespace connected to this node.
	 * @param namespace the namespace
	 * @return the connected sockets
	 */
	Collection<IoSocket> sockets(String namespace);

	/**
	 * Return the namespaces this server accepts.
	 * @return the namespace names, {@code /} first
	 */
	Collection<String> namespaces();

	/**
	 * Send an event to the {@link dev.ioboot.event.IoServerEvent server-side handlers} of the
	 * other nodes (not to clients), like socket.io's {@code serverSideEmit}.
	 * @param event the event name
	 * @param args the arguments
	 */
	void serverSideEmit(String event, Object... args);

	/**
	 * Send an event to the server-side handlers of the other nodes and collect their
	 * acknowledgements, like socket.io's {@code serverSideEmitWithAck}.
	 * @param event the event name
	 * @param args the arguments
	 * @return one acknowledgement per other node
	 */
	CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Object... args);

	/**
	 * Start a broadcast to the default namespace whose acknowledgements are awaited at most
	 * this long, like socket.io's {@code io.timeout(ms).emitWithAck(...)}.
	 * @param timeout the time to wait for the clients' acknowledgements
	 * @return the broadcast
	 */
	default IoBroadcast timeout(Duration timeout) {
		return broadcast().timeout(timeout);
	}

	/**
	 * Start a broadcast to the sockets of this node only (socket.io's {@code io.local}).
	 * @return the broadcast
	 */
	default IoBroadcast local() {
		return broadcast().local();
	}

	/**
	 * Start a broadcast whose packets are dropped for clients that cannot take them right now
	 * (socket.io's {@code io.volatile}).
	 * @return the broadcast
	 */
	default IoBroadcast droppable() {
		return broadcast().droppable();
	}

	/**
	 * Start a broadcast compressed, or not (socket.io's {@code io.compress(value)}).
	 * @param compress whether to compress
	 * @return the broadcast
	 */
	default IoBroadcast compress(boolean compress) {
		return broadcast().compress(compress);
	}

	/**
	 * Return a broadcast to every socket of the default namespace.
	 * @return the broadcast
	 */
	default IoBroadcast broadcast() {
		return of(DEFAULT_NAMESPACE);
	}

}
