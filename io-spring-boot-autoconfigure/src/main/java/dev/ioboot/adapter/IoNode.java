package dev.ioboot.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * This node's sockets, as an {@link IoAdapter} reaches them on behalf of other nodes. Every
 * method acts on local sockets only.
 */
public interface IoNode {

	/**
	 * Return the namespaces of this node.
	 * @return the namespace names, such as {@code /}
	 */
	Set<String> namespaces();

	/**
	 * Return whether a local socket of the namespace is in the room.
	 * @param namespace the namespace
	 * @param room the room
	 * @return {@code true} if at least one is
	 */
	boolean hasRoom(String namespace, String room);

	/**
	 * Emit an event to the matching local sockets.
	 * @param target the sockets
	 * @param event the event name
	 * @param args the arguments ({@code byte[]} for binary)
	 * @return the number of sockets reached
	 */
	default int deliver(IoTarget target, String event, List<Object> args) {
		return deliver(target, event, args, IoEmitFlags.DEFAULT);
	}

	/**
	 * Emit an event to the matching local sockets, with flags.
	 * @param target the sockets
	 * @param event the event name
	 * @param args the arguments ({@code byte[]} for binary)
	 * @param flags the flags: {@link IoEmitFlags#droppable()} and
	 * {@link IoEmitFlags#compress()} apply, the others are the sender's concern
	 * @return the number of sockets the event was written to
	 */
	int deliver(IoTarget target, String event, List<Object> args, IoEmitFlags flags);

	/**
	 * Emit an event that sockets may need to recover to the matching local sockets, with its
	 * offset as the last argument: the adapter {@linkplain IoAdapter#keepsSessions() keeps}
	 * it. Offsets of the form {@code <millis>-<sequence>} (Redis stream entry ids) are
	 * ordered ({@link IoOffsets}): a recovered socket skips those it already received among its
	 * missed packets.
	 * @param target the sockets
	 * @param event the event name
	 * @param args the arguments, without the offset
	 * @param flags the flags
	 * @param offset the offset
	 * @return the number of sockets the event was written to
	 */
	default int deliver(IoTarget target, String event, List<Object> args, IoEmitFlags flags, String offset) {
		List<Object> withOffset = new ArrayList<>(args);
		withOffset.add(offset);
		return deliver(target, event, withOffset, flags);
	}

	/**
	 * Emit an event to the matching local sockets, asking each for an acknowledgement. A
	 * socket that does not answer within the flags' timeout, or disconnects first, is not
	 * waited for any more.
	 * @param target the sockets
	 * @param event the event name
	 * @param args the arguments
	 * @param flags the flags, with the acknowledgement timeout
	 * @param ack receives the first argument of each client's acknowledgement ({@code null} for
	 * an acknowledgement without arguments)
	 * @return the number of sockets reached, that is, of acknowledgements to expect at most
	 */
	int deliverWithAck(IoTarget target, String event, List<Object> args, IoEmitFlags flags, Consumer<Object> ack);

	/**
	 * Make the matching local sockets join rooms.
	 * @param target the sockets
	 * @param rooms the rooms to join
	 */
	void join(IoTarget target, Set<String> rooms);

	/**
	 * Make the matching local sockets leave rooms.
	 * @param target the sockets
	 * @param rooms the rooms to leave
	 */
	void leave(IoTarget target, Set<String> rooms);

	/**
	 * Disconnect the matching local sockets from their namespace.
	 * @param target the sockets
	 * @param close whether to close their connection too
	 */
	void disconnect(IoTarget target, boolean close);

	/**
	 * Describe the matching local sockets.
	 * @param target the sockets
	 * @return their details
	 */
	List<IoSocketDetails> fetch(IoTarget target);

	/**
	 * Hand an event sent with {@code serverSideEmit} by another node to this node's handlers.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param args the arguments
	 * @param ack receives the acknowledgement argument, or {@code null} if none was asked for
	 */
	void serverSideEvent(String namespace, String event, List<Object> args, Consumer<Object> ack);

}
