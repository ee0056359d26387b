package dev.ioboot;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.ioboot.adapter.IoSocketDetails;

/**
 * A broadcast being built: which namespace, which rooms, which rooms excluded. Instances are
 * immutable: {@link #to(String...)} and {@link #except(String...)} return a new broadcast.
 * With a cluster adapter ({@code io.adapter.type: redis}) every operation reaches the
 * matching sockets of every node.
 */
public interface IoBroadcast {

	/**
	 * Narrow the broadcast to sockets in any of the given rooms.
	 * @param rooms the rooms
	 * @return a new broadcast
	 */
	IoBroadcast to(String... rooms);

	/**
	 * Leave out sockets in any of the given rooms.
	 * @param rooms the rooms
	 * @return a new broadcast
	 */
	IoBroadcast except(String... rooms);

	/**
	 * Return a broadcast whose acknowledgements are awaited at most this long, like
	 * socket.io's {@code io.timeout(ms)}; needed by {@link #emitWithAck(String, Object...)}.
	 * @param timeout the time to wait for the clients' acknowledgements
	 * @return a new broadcast
	 */
	IoBroadcast timeout(Duration timeout);

	/**
	 * Return a broadcast whose packets are dropped for clients that cannot take them right now
	 * (socket.io's {@code volatile} flag).
	 * @return a new broadcast
	 * @see IoEmitter#droppable()
	 */
	IoBroadcast droppable();

	/**
	 * Return a broadcast compressed, or not, when websocket compression is on (socket.io's
	 * {@code compress} flag).
	 * @param compress whether to compress (the default)
	 * @return a new broadcast
	 */
	IoBroadcast compress(boolean compress);

	/**
	 * Return a broadcast that reaches the sockets of this node only, not those of the other
	 * nodes of the cluster (socket.io's {@code local} flag).
	 * @return a new broadcast
	 */
	IoBroadcast local();

	/**
	 * Emit an event to every matching socket, on every node, and collect their
	 * acknowledgements, like socket.io's {@code io.timeout(ms).emit(event, callback)}.
	 * <p>
	 * The future completes with the first acknowledgement argument of each client that
	 * answered, once every matching client answered or the {@link #timeout(Duration)} passed,
	 * whichever comes first: after a timeout it holds the answers received so far. A client
	 * that disconnects without answering is not waited for.
	 * @param event the event name
	 * @param args the arguments
	 * @return the acknowledgements, one per answering client
	 * @throws IllegalStateException if no timeout was set
	 */
	CompletableFuture<List<Object>> emitWithAck(String event, Object... args);

	/**
	 * Emit an event to every matching socket. Each socket receives it once, however many of the
	 * rooms it is in.
	 * @param event the event name
	 * @param args the arguments
	 * @return the number of sockets of this node the event was written to
	 */
	int emit(String event, Object... args);

	/**
	 * Make the matching sockets, on every node, join rooms.
	 * @param rooms the rooms to join
	 */
	void socketsJoin(String... rooms);

	/**
	 * Make the matching sockets, on every node, leave rooms.
	 * @param rooms the rooms to leave
	 */
	void socketsLeave(String... rooms);

	/**
	 * Disconnect the matching sockets, on every node, from their namespace.
	 * @param close whether to close their connections too
	 */
	void disconnectSockets(boolean close);

	/**
	 * Describe the matching sockets of every node.
	 * @return the sockets, once every node answered (or the adapter's request timed out)
	 */
	CompletableFuture<List<IoSocketDetails>> fetchSockets();

}
