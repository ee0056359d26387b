package dev.ioboot.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.namespace.Namespace;

/**
 * The namespaces clients may connect to, kept in netty-socketio's own {@link Namespace}
 * objects (clients and room membership), under Socket.IO names ({@code /} for the default
 * one, which netty-socketio calls {@code ""}).
 */
final class IoNamespaces {

	private final SocketIOServer server;

	IoNamespaces(SocketIOServer server, Collection<String> names) {
		this.server = server;
		for (String name : names) {
			if (find(name) == null) {
				server.addNamespace(toEngine(name));
			}
		}
	}

	/**
	 * Find a namespace, including one added to the raw server by an init hook.
	 * @param name the Socket.IO name, such as {@code /custom}
	 * @return the namespace, or {@code null} if clients may not connect to it
	 */
	Namespace find(String name) {
		return (Namespace) this.server.getNamespace(toEngine(name));
	}

	List<String> names() {
		List<String> names = new ArrayList<>();
		for (SocketIONamespace namespace : this.server.getAllNamespaces()) {
			names.add(toSocketIo(namespace.getName()));
		}
		names.sort((a, b) -> "/".equals(a) ? -1 : "/".equals(b) ? 1 : a.compareTo(b));
		return names;
	}

	static String toEngine(String name) {
		return "/".equals(name) ? Namespace.DEFAULT_NAME : name;
	}

	static String toSocketIo(String name) {
		return Namespace.DEFAULT_NAME.equals(name) ? "/" : name;
	}

}
