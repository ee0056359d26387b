package dev.ioboot.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.namespace.Namespace;

import dev.ioboot.adapter.IoTarget;

/**
 * Selects the sockets of this node that an {@link IoTarget} designates, each once.
 */
final class LocalSockets {

	private LocalSockets() {
	}

	static List<NamespaceSocket> select(Namespace namespace, IoTarget target) {
		Map<UUID, NamespaceSocket> selected = new LinkedHashMap<>();
		if (target.rooms().isEmpty()) {
			addAll(selected, namespace.getAllClients());
		}
		else {
			for (String room : target.rooms()) {
				addAll(selected, namespace.getRoomClients(room));
			}
		}
		if (!target.except().isEmpty()) {
			Set<UUID> excluded = new HashSet<>();
			for (String room : target.except()) {
				for (SocketIOClient client : namespace.getRoomClients(room)) {
					excluded.add(client.getSessionId());
				}
			}
			selected.keySet().removeAll(excluded);
		}
		return new ArrayList<>(selected.values());
	}

	private static void addAll(Map<UUID, NamespaceSocket> selected, Iterable<SocketIOClient> clients) {
		for (SocketIOClient client : clients) {
			if (client instanceof NamespaceSocket socket) {
				selected.putIfAbsent(socket.getSessionId(), socket);
			}
		}
	}

}
