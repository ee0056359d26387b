package dev.ioboot;

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
