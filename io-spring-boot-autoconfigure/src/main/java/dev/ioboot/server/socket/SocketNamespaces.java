package dev.ioboot.server.socket;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The namespaces clients may connect to, by name ({@code /} for the default one), each with
 * its sockets and rooms.
 */
public final class SocketNamespaces {

	private final Map<String, SocketNamespace> namespaces;

	/**
	 * Create the namespaces.
	 * @param names the namespace names
	 */
	public SocketNamespaces(Collection<String> names) {
		Map<String, SocketNamespace> namespaces = new LinkedHashMap<>();
		for (String name : names) {
			namespaces.put(name, new SocketNamespace(name));
		}
		this.namespaces = Map.copyOf(namespaces);
	}

	/**
	 * Find a namespace.
	 * @param name the name, such as {@code /custom}
	 * @return the namespace, or {@code null} if clients may not connect to it
	 */
	SocketNamespace find(String name) {
		return this.namespaces.get(name);
	}

	/**
	 * Return a namespace clients may connect to.
	 * @param name the name
	 * @return the namespace
	 * @throws IllegalArgumentException for any other name
	 */
	SocketNamespace get(String name) {
		SocketNamespace namespace = find(name);
		if (namespace == null) {
			throw new IllegalArgumentException("Unknown namespace '" + name + "'; known: " + names());
		}
		return namespace;
	}

	/**
	 * Return the names, {@code /} first, then in alphabetical order.
	 * @return the names
	 */
	public List<String> names() {
		List<String> names = new ArrayList<>(this.namespaces.keySet());
		names.sort((a, b) -> "/".equals(a) ? -1 : "/".equals(b) ? 1 : a.compareTo(b));
		return names;
	}

}
