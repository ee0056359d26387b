package dev.ioboot.adapter;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Carries broadcasts and socket operations to the other nodes of a cluster (the counterpart of
 * a socket.io adapter). The server applies every operation to its own sockets first and then
 * hands it to the adapter; the adapter hands what other nodes send to {@link IoNode}. The
 * default methods are those of a single node: nothing to send, nobody to ask.
 */
public interface IoAdapter {

	/**
	 * Start: subscribe to the other nodes. Called once, before the server accepts connections.
	 * @param node this node's sockets
	 */
	default void start(IoNode node) {
	}

	/**
	 * A namespace of a dynamic namespace group was created on this node, after
	 * {@link #start(IoNode)}: start carrying its operations too.
	 * @param namespace the namespace, such as {@code /tenant-42}
	 */
	default void namespaceCreated(String namespace) {
	}

	/**
	 * A room of a namespace got its first socket on this node. Called in order with
	 * {@link #roomDeleted} for the same room; it must not block.
	 * @param namespace the namespace
	 * @param room the room
	 * @param socketRoom whether the room is a socket's own room (named after its id)
	 */
	default void roomCreated(String namespace, String room, boolean socketRoom) {
	}

	/**
	 * A room of a namespace lost its last socket on this node. It must not block.
	 * @param namespace the namespace
	 * @param room the room
	 * @param socketRoom whether the room is a socket's own room (named after its id)
	 */
	default void roomDeleted(String namespace, String room, boolean socketRoom) {
	}

	/**
	 * Stop: unsubscribe, release what was opened in {@link #start(IoNode)}.
	 */
	default void stop() {
	}

	/**
	 * Return the adapter's type, such as {@code memory} or {@code redis}.
	 * @return the type
	 */
	default String type() {
		return "memory";
	}

	/**
	 * Return a short description of the adapter's state, such as {@code memory} or
	 * {@code redis: connected}.
	 * @return the state
	 */
	default String state() {
		return "memory";
	}

	/**
	 * Return whether the adapter reaches the other nodes: {@code false} while the broker
	 * it goes through is unreachable, and broadcasts reach this node's sockets only.
	 * @return whether the adapter works
	 */
	default boolean isAvailable() {
		return true;
	}

	/**
	 * Send a broadcast to the other nodes.
	 * @param target the sockets
	 * @param event the event name
	 * @param args the arguments
	 */
	default void broadcast(IoTarget target, String event, List<Object> args) {
	}

	/**
	 * Send a broadcast with flags to the other nodes. By default the flags are dropped and
	 * {@link #broadcast(IoTarget, String, List)} is called.
	 * @param target the sockets
	 * @param event the event name
	 * @param args the arguments
	 * @param flags the flags ({@link IoEmitFlags#local() local} broadcasts never reach an
	 * adapter)
	 */
	default void broadcast(IoTarget target, String event, List<Object> args, IoEmitFlags flags) {
		broadcast(target, event, args);
	}

	/**
	 * Send a broadcast to the other nodes and ask their matching sockets for
	 * acknowledgements, like socket.io adapters' {@code broadcastWithAck}.
	 * @param target the sockets
	 * @param event the event name
	 * @param args the arguments
	 * @param flags the flags, with the acknowledgement timeout
	 * @param clientCount told, once per other node, how many of its sockets were asked
	 * @param ack receives the first acknowledgement argument of each answering client
	 * @return the number of other nodes that will report a client count (completing at once
	 * with {@code 0} on a single node)
	 */
	default CompletableFuture<Integer> broadcastWithAck(IoTarget target, String event, List<Object> args,
			IoEmitFlags flags, IntConsumer clientCount, Consumer<Object> ack) {
		return CompletableFuture.completedFuture(0);
	}

	/**
	 * Make the matching sockets of the other nodes join rooms.
	 * @param target the sockets
	 * @param rooms the rooms
	 */
	default void socketsJoin(IoTarget target, Set<String> rooms) {
	}

	/**
	 * Make the matching sockets of the other nodes leave rooms.
	 * @param target the sockets
	 * @param rooms the rooms
	 */
	default void socketsLeave(IoTarget target, Set<String> rooms) {
	}

	/**
	 * Disconnect the matching sockets of the other nodes.
	 * @param target the sockets
	 * @param close whether to close their connections too
	 */
	default void disconnectSockets(IoTarget target, boolean close) {
	}

	/**
	 * Describe the matching sockets of the other nodes.
	 * @param target the sockets
	 * @return their details, once every node answered or the request timed out
	 */
	default CompletableFuture<List<IoSocketDetails>> fetchSockets(IoTarget target) {
		return CompletableFuture.completedFuture(List.of());
	}

	/**
	 * Send an event to the handlers of the other nodes.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param args the arguments
	 */
	default void serverSideEmit(String namespace, String event, List<Object> args) {
	}

	/**
	 * Send an event to the handlers of the other nodes and collect their acknowledgements.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param args the arguments
	 * @return one acknowledgement per other node, once all answered or the request timed out
	 */
	default CompletableFuture<List<Object>> serverSideEmitWithAck(String namespace, String event, List<Object> args) {
		return CompletableFuture.completedFuture(List.of());
	}

}
