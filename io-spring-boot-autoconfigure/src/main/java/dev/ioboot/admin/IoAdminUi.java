package dev.ioboot.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.Io;
import dev.ioboot.IoDynamicNamespace;
import dev.ioboot.IoSocket;
import dev.ioboot.adapter.IoSocketDetails;
import dev.ioboot.server.IoServerListener;

/**
 * Instruments a Socket.IO server for the Socket.IO Admin UI, as {@code @socket.io/admin-ui}'s
 * {@code instrument(io, options)} does: a UI connected to the admin namespace is sent its
 * {@code config} (the features it may use), and in development mode every socket
 * ({@code all_sockets}) and what happens to sockets and rooms as it happens
 * ({@code socket_connected}, {@code socket_updated}, {@code socket_disconnected},
 * {@code room_joined}, {@code room_left}). Messages go to the admin namespace through the
 * adapter, so the UIs connected to any node of a cluster hear every node.
 * <p>
 * Added to the {@link dev.ioboot.server.IoServer server} as a listener; the admin
 * namespace is accepted through the {@link #namespace() dynamic namespace} it declares.
 */
public final class IoAdminUi implements IoServerListener {

	/** The name of the dynamic namespace group of the admin namespace. */
	public static final String NAMESPACE_GROUP = "io-admin-ui";

	private static final Log logger = LogFactory.getLog(IoAdminUi.class);

	private final Supplier<Io> io;

	private final IoAdminUiOptions options;

	private final AdminUiSessions sessions;

	private final List<String> features;

	/** The sockets of this node by client id, in development mode: told of upgrades. */
	private final Map<String, Set<IoSocket>> byClient = new ConcurrentHashMap<>();

	/**
	 * Create the instrumentation.
	 * @param io the server's facade, asked for when first needed (the server is built with
	 * the namespace and middleware of this instrumentation)
	 * @param options the options
	 */
	public IoAdminUi(Supplier<Io> io, IoAdminUiOptions options) {
		this(io, options, new AdminUiSessions());
	}

	IoAdminUi(Supplier<Io> io, IoAdminUiOptions options, AdminUiSessions sessions) {
		this.io = io;
		this.options = options;
		this.sessions = sessions;
		this.features = features(options);
	}

	private static List<String> features(IoAdminUiOptions options) {
		List<String> features = new ArrayList<>();
		if (!options.readOnly()) {
			features.addAll(List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"));
		}
		features.add("AGGREGATED_EVENTS");
		if (options.mode() == IoAdminUiOptions.Mode.DEVELOPMENT) {
			features.add("ALL_EVENTS");
		}
		return List.copyOf(features);
	}

	/**
	 * Return the dynamic namespace that accepts the admin namespace.
	 * @return the namespace group {@value #NAMESPACE_GROUP}
	 */
	public IoDynamicNamespace namespace() {
		String name = this.options.namespace();
		return IoDynamicNamespace.of(NAMESPACE_GROUP, (namespace, handshake) -> name.equals(namespace));
	}

	/**
	 * Return the options.
	 * @return the options
	 */
	public IoAdminUiOptions options() {
		return this.options;
	}

	/**
	 * Return the authenticator of the admin namespace.
	 * @param verifier checks passwords against the configured hash
	 * @return the middleware, or {@code null} without credentials
	 */
	public AdminUiAuthenticator authenticator(AdminUiPasswordVerifier verifier) {
		IoAdminUiOptions.Credentials credentials = this.options.credentials();
		return (credentials != null) ? new AdminUiAuthenticator(credentials, verifier, this.sessions) : null;
	}

	private boolean development() {
		return this.options.mode() == IoAdminUiOptions.Mode.DEVELOPMENT;
	}

	private boolean isAdmin(IoSocket socket) {
		return this.options.namespace().equals(socket.namespace());
	}

	/**
	 * Emit to every Admin UI connected to any node.
	 * @param event the event
	 * @param args its arguments
	 */
	void emit(String event, Object... args) {
		try {
			this.io.get().of(this.options.namespace()).emit(event, args);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not tell the Admin UI '" + event + "'", ex);
		}
	}

	@Override
	public void socketConnected(IoSocket socket) {
		if (development()) {
			socket.set(AdminUiPayloads.ADMIN_DATA, AdminUiPayloads.adminData(socket));
			if (socket.clientId() != null) {
				this.byClient.computeIfAbsent(socket.clientId(), (id) -> ConcurrentHashMap.newKeySet()).add(socket);
			}
			emit("socket_connected", AdminUiPayloads.socket(socket), AdminUiPayloads.now());
		}
		if (isAdmin(socket)) {
			welcome(socket);
		}
	}

	private void welcome(IoSocket socket) {
		String sessionId = this.sessions.takeIssued(socket.id());
		if (sessionId != null) {
			socket.emit("session", sessionId);
		}
		socket.emit("config", Map.of("supportedFeatures", this.features));
		if (development()) {
			allSockets().whenComplete((sockets, failure) -> {
				if (failure != null) {
					logger.warn("Could not list the sockets for the Admin UI", failure);
				}
				else if (socket.connected()) {
					socket.emit("all_sockets", sockets);
				}
			});
		}
	}

	/**
	 * Describe the sockets of every namespace of this node, on every node.
	 */
	private CompletableFuture<List<Map<String, Object>>> allSockets() {
		Io io = this.io.get();
		List<CompletableFuture<List<IoSocketDetails>>> found = io.namespaces()
			.stream()
			.map((namespace) -> io.of(namespace).fetchSockets())
			.toList();
		return CompletableFuture.allOf(found.toArray(CompletableFuture[]::new))
			.thenApply((done) -> found.stream()
				.flatMap((sockets) -> sockets.join().stream())
				.map(AdminUiPayloads::socket)
				.toList());
	}

	@Override
	public void socketDisconnected(IoSocket socket, String reason) {
		if (!development()) {
			return;
		}
		if (socket.clientId() != null) {
			this.byClient.computeIfPresent(socket.clientId(), (id, sockets) -> {
				sockets.remove(socket);
				return sockets.isEmpty() ? null : sockets;
			});
		}
		emit("socket_disconnected", socket.namespace(), socket.id(), reason, AdminUiPayloads.now());
	}

	@Override
	public void clientUpgraded(String clientId, String transport) {
		if (!development()) {
			return;
		}
		for (IoSocket socket : this.byClient.getOrDefault(clientId, Set.of())) {
			socket.set(AdminUiPayloads.ADMIN_DATA, AdminUiPayloads.adminData(socket));
			emit("socket_updated", Map.of("id", socket.id(), "nsp", socket.namespace(), "transport", transport));
		}
	}

	@Override
	public void roomJoined(IoSocket socket, String room) {
		if (development()) {
			emit("room_joined", socket.namespace(), room, socket.id(), AdminUiPayloads.now());
		}
	}

	@Override
	public void roomLeft(IoSocket socket, String room) {
		if (development()) {
			emit("room_left", socket.namespace(), room, socket.id(), AdminUiPayloads.now());
		}
	}

}
