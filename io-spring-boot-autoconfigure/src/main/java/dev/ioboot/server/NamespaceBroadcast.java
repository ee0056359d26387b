package dev.ioboot.server;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.namespace.Namespace;

import dev.ioboot.IoBroadcast;

/**
 * A broadcast to the sockets of one namespace on this node: encoded once, written to each
 * matching socket once.
 */
final class NamespaceBroadcast implements IoBroadcast {

	private final Namespace namespace;

	private final String name;

	private final SocketIoPacketWriter writer;

	private final List<String> rooms;

	private final List<String> except;

	NamespaceBroadcast(Namespace namespace, String name, SocketIoPacketWriter writer) {
		this(namespace, name, writer, List.of(), List.of());
	}

	private NamespaceBroadcast(Namespace namespace, String name, SocketIoPacketWriter writer, List<String> rooms,
			List<String> except) {
		this.namespace = namespace;
		this.name = name;
		this.writer = writer;
		this.rooms = rooms;
		this.except = except;
	}

	@Override
	public IoBroadcast to(String... rooms) {
		return new NamespaceBroadcast(this.namespace, this.name, this.writer, concat(this.rooms, rooms),
				this.except);
	}

	@Override
	public IoBroadcast except(String... rooms) {
		return new NamespaceBroadcast(this.namespace, this.name, this.writer, this.rooms,
				concat(this.except, rooms));
	}

	@Override
	public int emit(String event, Object... args) {
		List<EngineFrame> frames = this.writer.event(this.name, null, event, args);
		int sent = 0;
		for (NamespaceSocket socket : recipients()) {
			if (socket.sendFrames(frames)) {
				sent++;
			}
		}
		return sent;
	}

	private Iterable<NamespaceSocket> recipients() {
		Map<UUID, NamespaceSocket> recipients = new LinkedHashMap<>();
		Iterable<SocketIOClient> candidates = this.rooms.isEmpty() ? this.namespace.getAllClients()
				: this.rooms.stream().flatMap((room) -> stream(this.namespace.getRoomClients(room))).toList();
		for (SocketIOClient client : candidates) {
			if (client instanceof NamespaceSocket socket) {
				recipients.putIfAbsent(socket.getSessionId(), socket);
			}
		}
		if (!this.except.isEmpty()) {
			Set<UUID> excluded = new HashSet<>();
			for (String room : this.except) {
				for (SocketIOClient client : this.namespace.getRoomClients(room)) {
					excluded.add(client.getSessionId());
				}
			}
			recipients.keySet().removeAll(excluded);
		}
		return recipients.values();
	}

	private static Stream<SocketIOClient> stream(Iterable<SocketIOClient> clients) {
		Stream.Builder<SocketIOClient> builder = Stream.builder();
		clients.forEach(builder);
		return builder.build();
	}

	private static List<String> concat(List<String> first, String[] more) {
		return Stream.concat(first.stream(), Arrays.stream(more)).toList();
	}

}
