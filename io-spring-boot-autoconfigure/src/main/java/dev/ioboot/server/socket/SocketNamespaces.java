package dev.ioboot.server.socket;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.IoDynamicNamespace;
import dev.ioboot.IoHandshake;
import dev.ioboot.server.ConnectionStateRecovery;

/**
 * The namespaces clients may connect to, by name ({@code /} for the default one), each with
 * its sockets and rooms: those configured, and those of the dynamic namespace groups, created
 * when first used.
 */
public final class SocketNamespaces {

	private static final Log logger = LogFactory.getLog(SocketNamespaces.class);

	private final Map<String, SocketNamespace> configured;

	private final List<IoDynamicNamespace> groups;

	private final Function<String, SessionRecovery> recovery;

	private final int maxCreated;

	private final AtomicBoolean limitReported = new AtomicBoolean();

	private final Map<String, SocketNamespace> created = new ConcurrentHashMap<>();

	private volatile Consumer<String> onCreated = (name) -> {
	};

	private volatile SocketNamespace.RoomListener roomListener = SocketNamespace.RoomListener.NONE;

	/**
	 * Create the namespaces.
	 * @param names the namespace names
	 */
	public SocketNamespaces(Collection<String> names) {
		this(names, List.of(), ConnectionStateRecovery.DISABLED, 0);
	}

	/**
	 * Create the namespaces.
	 * @param names the namespace names
	 * @param groups the dynamic namespace groups, tried in order
	 * @param recovery connection state recovery, for each namespace
	 * @param maxCreated the most namespaces the groups may create, {@code 0} for no limit
	 */
	public SocketNamespaces(Collection<String> names, List<IoDynamicNamespace> groups,
			ConnectionStateRecovery recovery, int maxCreated) {
		this(names, groups, (name) -> recovery.enabled() ? new RecoveryBuffer(recovery) : null, maxCreated);
	}

	/**
	 * Create the namespaces of a server.
	 * @param names the configured namespaces
	 * @param groups the dynamic namespace groups
	 * @param recovery gives each namespace its connection state recovery ({@code null} for
	 * none)
	 * @param maxCreated the most namespaces the groups may create, {@code 0} for no limit
	 */
	SocketNamespaces(Collection<String> names, List<IoDynamicNamespace> groups,
			Function<String, SessionRecovery> recovery, int maxCreated) {
		this.recovery = recovery;
		this.maxCreated = maxCreated;
		Map<String, SocketNamespace> namespaces = new LinkedHashMap<>();
		for (String name : names) {
			namespaces.put(name, new SocketNamespace(name, null, this.recovery.apply(name)));
		}
		this.configured = Map.copyOf(namespaces);
		this.groups = List.copyOf(groups);
	}

	/**
	 * Be told each namespace created for a dynamic group, once it exists.
	 * @param onCreated told the name
	 */
	void onCreated(Consumer<String> onCreated) {
		this.onCreated = onCreated;
	}

	/**
	 * Be told, for every namespace, when a room gets its first socket and loses its last.
	 * @param listener the listener
	 */
	void onRooms(SocketNamespace.RoomListener listener) {
		this.roomListener = listener;
		this.configured.values().forEach((namespace) -> namespace.onRooms(listener));
		this.created.values().forEach((namespace) -> namespace.onRooms(listener));
	}

	/**
	 * Find a namespace that exists.
	 * @param name the name, such as {@code /custom}
	 * @return the namespace, or {@code null} if it is neither configured nor created yet
	 */
	SocketNamespace find(String name) {
		SocketNamespace namespace = this.configured.get(name);
		return (namespace != null) ? namespace : this.created.get(name);
	}

	/**
	 * Find the namespace a client connects to, creating it if a dynamic group accepts it.
	 * @param name the name
	 * @param handshake the client's handshake
	 * @return the namespace, or {@code null} if clients may not connect to it
	 */
	SocketNamespace connectTo(String name, IoHandshake handshake) {
		SocketNamespace namespace = find(name);
		return (namespace != null) ? namespace : create(name, handshake);
	}

	/**
	 * Return a namespace the application names, creating it if a dynamic group accepts it.
	 * @param name the name
	 * @return the namespace
	 * @throws IllegalArgumentException for a name that is neither configured nor in a group
	 */
	SocketNamespace get(String name) {
		SocketNamespace namespace = connectTo(name, null);
		if (namespace == null) {
			throw new IllegalArgumentException("Unknown namespace '" + name + "'; known: " + names()
					+ ((this.groups.isEmpty()) ? "" : ", and the dynamic groups " + groupNames()));
		}
		return namespace;
	}

	private SocketNamespace create(String name, IoHandshake handshake) {
		if (name == null || !name.startsWith("/")) {
			return null;
		}
		for (IoDynamicNamespace group : this.groups) {
			if (group.matches(name, handshake)) {
				if (this.maxCreated > 0 && this.created.size() >= this.maxCreated) {
					if (this.limitReported.compareAndSet(false, true)) {
						logger.warn("Refusing namespace " + LogValues.cut(name) + " of group " + group.name() + ": "
								+ this.maxCreated + " dynamic namespaces exist (io.limits.max-dynamic-namespaces); "
								+ "further refusals are not logged");
					}
					return null;
				}
				SocketNamespace candidate = new SocketNamespace(name, group.name(), this.recovery.apply(name));
				candidate.onRooms(this.roomListener);
				SocketNamespace existing = this.created.putIfAbsent(name, candidate);
				if (existing != null) {
					return existing;
				}
				this.onCreated.accept(name);
				return candidate;
			}
		}
		return null;
	}

	/**
	 * Return the names of the namespaces that exist, {@code /} first, then in alphabetical
	 * order.
	 * @return the names
	 */
	public List<String> names() {
		List<String> names = new ArrayList<>(this.configured.keySet());
		names.addAll(this.created.keySet());
		names.sort((a, b) -> "/".equals(a) ? -1 : "/".equals(b) ? 1 : a.compareTo(b));
		return names;
	}

	private List<String> groupNames() {
		return this.groups.stream().map(IoDynamicNamespace::name).toList();
	}

}
