package dev.ioboot.adapter;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
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
	 * Return whether this adapter keeps what connection state recovery needs for the whole
	 * cluster, as socket.io's Redis Streams adapter does: the broadcasts sockets may have
	 * missed, each with its offset, and the sessions of the sockets that disconnected. A
	 * client may then recover on any node. When it does, the node keeps nothing of its own:
	 * it sends every broadcast a socket may need to recover through
	 * {@link #broadcastRecoverable}, stores sessions with {@link #persistSession} and takes
	 * them back with {@link #restoreSession} and {@link #replay}.
	 * @return {@code true} if it does; {@code false} by default
	 */
	default boolean keepsSessions() {
		return false;
	}

	/**
	 * Send a broadcast that sockets may need to recover to every node, this one included:
	 * the adapter gives it its offset and hands it to each node's
	 * {@link IoNode#deliver(IoTarget, String, List, IoEmitFlags, String)}. Should that fail,
	 * it hands it to this node's {@link IoNode#deliver(IoTarget, String, List, IoEmitFlags)}
	 * without an offset. Only called when {@link #keepsSessions()}.
	 * @param target the sockets
	 * @param event the event name
	 * @param args the arguments
	 * @param flags the flags
	 */
	default void broadcastRecoverable(IoTarget target, String event, List<Object> args, IoEmitFlags flags) {
		throw new UnsupportedOperationException(type() + " adapter does not keep sessions");
	}

	/**
	 * Keep the state of a socket that disconnected for a reason it may recover from, for the
	 * given time. Only called when {@link #keepsSessions()}.
	 * @param namespace the socket's namespace
	 * @param session its state
	 * @param maxDisconnectionDuration how long the client may take to come back
	 */
	default void persistSession(String namespace, IoSession session, Duration maxDisconnectionDuration) {
	}

	/**
	 * Keep the state of a connected socket up to date where every node finds it, so that its
	 * client may recover on another node should this one die: called when the socket connects
	 * and when its rooms or data change. The adapter keeps it while the socket is connected
	 * (refreshing it) and for at least {@code maxDisconnectionDuration} once this node stopped
	 * refreshing it. Only called when {@link #keepsSessions()}.
	 * @param namespace the socket's namespace
	 * @param session its state
	 * @param maxDisconnectionDuration how long the client may take to come back
	 */
	default void sessionUpdated(String namespace, IoSession session, Duration maxDisconnectionDuration) {
	}

	/**
	 * Forget the state of a socket that disconnected for a reason it may not recover from,
	 * such as leaving its namespace. Only called when {@link #keepsSessions()}.
	 * @param namespace the socket's namespace
	 * @param pid its private session id
	 */
	default void removeSession(String namespace, String pid) {
	}

	/**
	 * Take back the state of a socket whose client comes back, if it is still kept and the
	 * offset it last received is still known: it is then no longer kept. Only called when
	 * {@link #keepsSessions()}.
	 * @param namespace the namespace the client connects to
	 * @param pid the private session id the client sent
	 * @param offset the offset of the last packet it received
	 * @return the session, or {@code null} if there is nothing to recover
	 */
	default CompletableFuture<IoSession> restoreSession(String namespace, String pid, String offset) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Find the broadcasts a recovering socket missed since an offset and hand them to
	 * {@code resume}, which sends them and connects the socket. The adapter calls it in the
	 * order it delivers broadcasts to this node, so that each broadcast reaches the socket
	 * once: either among the missed packets or, later, live. Only called when
	 * {@link #keepsSessions()}.
	 * @param namespace the namespace
	 * @param offset the offset of the last packet the client received
	 * @param rooms the socket's rooms
	 * @param resume given the missed packets in order and the offset of the last broadcast
	 * delivered to this node so far ({@code offset} if none)
	 */
	default void replay(String namespace, String offset, Set<String> rooms,
			BiConsumer<List<IoMissedPacket>, String> resume) {
		resume.accept(List.of(), offset);
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
