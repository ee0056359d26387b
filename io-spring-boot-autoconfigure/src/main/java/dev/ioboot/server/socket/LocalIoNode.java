package dev.ioboot.server.socket;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import dev.ioboot.adapter.IoEmitFlags;
import dev.ioboot.adapter.IoNode;
import dev.ioboot.adapter.IoOffsets;
import dev.ioboot.adapter.IoSocketDetails;
import dev.ioboot.adapter.IoTarget;
import dev.ioboot.event.IoEventDispatcher;
import dev.ioboot.server.IoServerListeners;
import dev.ioboot.server.engine.EngineFrame;
import dev.ioboot.server.engine.WebSocketWire;

/**
 * The sockets of this node, for broadcasts made here and for operations other nodes ask for.
 */
final class LocalIoNode implements IoNode {

	private final SocketNamespaces namespaces;

	private final PacketEncoder writer;

	private final IoEventDispatcher dispatcher;

	private final Executor handlers;

	private final IoServerListeners listeners;

	LocalIoNode(SocketNamespaces namespaces, PacketEncoder writer, IoEventDispatcher dispatcher,
			Executor handlers, IoServerListeners listeners) {
		this.namespaces = namespaces;
		this.writer = writer;
		this.dispatcher = dispatcher;
		this.handlers = handlers;
		this.listeners = listeners;
	}

	@Override
	public Set<String> namespaces() {
		return new LinkedHashSet<>(this.namespaces.names());
	}

	@Override
	public boolean hasRoom(String namespace, String room) {
		SocketNamespace found = this.namespaces.find(namespace);
		return found != null && found.hasRoom(room);
	}

	@Override
	public int deliver(IoTarget target, String event, List<Object> args, IoEmitFlags flags) {
		SocketNamespace namespace = this.namespaces.find(target.namespace());
		if (namespace == null) {
			return 0;
		}
		if (namespace.recovery() instanceof RecoveryBuffer recovery && !flags.droppable()) {
			// kept for the sockets that may come back, the offset as its last argument
			Object[] values = args.toArray(new Object[args.size() + 1]);
			RecoveryBuffer.Packet packet = recovery.append(target, (offset) -> {
				values[values.length - 1] = offset;
				return this.writer.event(target.namespace(), null, event, values);
			});
			return write(target.namespace(), namespace.select(target), event, values, packet.frames(), flags,
					packet.seq());
		}
		List<NamespaceSocket> sockets = namespace.select(target);
		if (sockets.isEmpty()) {
			return 0;
		}
		Object[] values = args.toArray();
		return write(target.namespace(), sockets, event, values, this.writer.event(target.namespace(), null, event, values),
				flags, 0);
	}

	@Override
	public int deliver(IoTarget target, String event, List<Object> args, IoEmitFlags flags, String offset) {
		SocketNamespace namespace = this.namespaces.find(target.namespace());
		if (namespace == null) {
			return 0;
		}
		if (!(namespace.recovery() instanceof AdapterRecovery) || flags.droppable() || offset == null) {
			// as socket.io: the offset is only sent where connection state recovery is on
			return deliver(target, event, args, flags);
		}
		List<NamespaceSocket> sockets = namespace.select(target);
		if (sockets.isEmpty()) {
			return 0;
		}
		Object[] values = args.toArray(new Object[args.size() + 1]);
		values[values.length - 1] = offset;
		return write(target.namespace(), sockets, event, values,
				this.writer.event(target.namespace(), null, event, values), flags, IoOffsets.position(offset));
	}

	/**
	 * Count the matching local sockets.
	 * @param target the sockets
	 * @return how many there are
	 */
	int count(IoTarget target) {
		return sockets(target).size();
	}

	@Override
	public int deliverWithAck(IoTarget target, String event, List<Object> args, IoEmitFlags flags,
			Consumer<Object> ack) {
		SocketNamespace namespace = this.namespaces.find(target.namespace());
		List<NamespaceSocket> sockets = (namespace != null) ? namespace.select(target) : List.of();
		if (sockets.isEmpty()) {
			return 0;
		}
		// one packet, one id, for every socket, as socket.io does
		long ackId = namespace.nextAckId();
		for (NamespaceSocket socket : sockets) {
			socket.expectAck(ackId, event, flags.timeout()).thenAccept((answer) -> ack.accept(answer.isEmpty() ? null : answer.get(0)));
		}
		Object[] values = args.toArray();
		write(target.namespace(), sockets, event, values, this.writer.event(target.namespace(), ackId, event, values),
				flags, 0);
		return sockets.size();
	}

	private int write(String namespace, List<NamespaceSocket> sockets, String event, Object[] args,
			List<EngineFrame> frames, IoEmitFlags flags, long seq) {
		if (sockets.isEmpty()) {
			return 0;
		}
		int sent = 0;
		try (WebSocketWire wire = WebSocketWire.encode(frames)) {
			for (NamespaceSocket socket : sockets) {
				if (socket.sendFrames(frames, wire, flags, seq)) {
					socket.sent(event, args);
					sent++;
				}
			}
		}
		if (sent > 0) {
			int recipients = sent;
			this.listeners.each((listener) -> listener.eventSent(namespace, event, recipients));
		}
		return sent;
	}

	@Override
	public void join(IoTarget target, Set<String> rooms) {
		String[] names = rooms.toArray(String[]::new);
		sockets(target).forEach((socket) -> socket.join(names));
	}

	@Override
	public void leave(IoTarget target, Set<String> rooms) {
		String[] names = rooms.toArray(String[]::new);
		sockets(target).forEach((socket) -> socket.leave(names));
	}

	@Override
	public void disconnect(IoTarget target, boolean close) {
		sockets(target).forEach((socket) -> socket.disconnect(close));
	}

	@Override
	public List<IoSocketDetails> fetch(IoTarget target) {
		List<IoSocketDetails> details = new ArrayList<>();
		for (NamespaceSocket socket : sockets(target)) {
			details.add(new IoSocketDetails(socket.id(), socket.namespace(), socket.rooms(), socket.handshake(),
					socket.data()));
		}
		return details;
	}

	@Override
	public void serverSideEvent(String namespace, String event, List<Object> args, Consumer<Object> ack) {
		// like client events, off the thread that received the message
		try {
			this.handlers.execute(() -> this.dispatcher.onServerSideEvent(namespace, event, args, ack));
		}
		catch (RejectedExecutionException ex) {
			if (ack != null) {
				ack.accept(java.util.Map.of("error", "Server is shutting down"));
			}
		}
	}

	private List<NamespaceSocket> sockets(IoTarget target) {
		SocketNamespace namespace = this.namespaces.find(target.namespace());
		return (namespace != null) ? namespace.select(target) : List.of();
	}

}
