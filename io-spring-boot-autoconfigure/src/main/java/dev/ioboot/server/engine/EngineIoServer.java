package dev.ioboot.server.engine;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;


import dev.ioboot.server.EngineIoSettings;
import dev.ioboot.server.IoLimits;
import dev.ioboot.server.IoRequestFilter;
import dev.ioboot.server.IoServerListeners;
import dev.ioboot.server.Transport;

/**
 * The Engine.IO v4 side of the server: open sessions, their settings, and the timer that
 * drives heartbeats and timeouts. What a session carries is decided by the
 * {@link EngineSession.Listener} each new session is given.
 */
public final class EngineIoServer {

	private static final SecureRandom random = new SecureRandom();

	private final SessionSupport support;

	private final BiFunction<EngineSession, TransportHandshake, EngineSession.Listener> connections;

	private final IoLimits limits;

	private final IoServerListeners listeners;

	private final RequestFilters filters;

	private volatile boolean accepting = true;

	/**
	 * Create the Engine.IO side of a server.
	 * @param settings the settings
	 * @param limits the limits
	 * @param listeners told about refused connections
	 * @param timer the timer behind heartbeats and timeouts
	 * @param connections gives each new session the listener that reads its messages
	 */
	public EngineIoServer(EngineIoSettings settings, IoLimits limits, IoServerListeners listeners,
			ScheduledExecutorService timer,
			BiFunction<EngineSession, TransportHandshake, EngineSession.Listener> connections) {
		this(settings, limits, listeners, timer, connections, List.of(), timer);
	}

	/**
	 * Create the Engine.IO side of a server whose new sessions are filtered.
	 * @param settings the settings
	 * @param limits the limits
	 * @param listeners told about refused connections
	 * @param timer the timer behind heartbeats and timeouts
	 * @param connections gives each new session the listener that reads its messages
	 * @param filters asked in order whether a request may open a session
	 * @param filterExecutor the threads filters run on, which may block
	 */
	public EngineIoServer(EngineIoSettings settings, IoLimits limits, IoServerListeners listeners,
			ScheduledExecutorService timer,
			BiFunction<EngineSession, TransportHandshake, EngineSession.Listener> connections,
			List<IoRequestFilter> filters, Executor filterExecutor) {
		this.limits = limits;
		this.listeners = listeners;
		this.connections = connections;
		this.filters = new RequestFilters(filters, filterExecutor);
		this.support = new SessionSupport(settings, limits.maxBufferedBytes(), timer,
				new HttpResponses(settings.cors(), settings.httpCompression()), new ConcurrentHashMap<>(), listeners);
	}

	IoLimits limits() {
		return this.limits;
	}

	IoServerListeners listeners() {
		return this.listeners;
	}

	RequestFilters filters() {
		return this.filters;
	}

	EngineIoSettings settings() {
		return this.support.settings();
	}

	HttpResponses http() {
		return this.support.http();
	}

	/**
	 * Find an open session.
	 * @param id the session id
	 * @return the session, or {@code null}
	 */
	EngineSession session(String id) {
		return this.support.sessions().get(id);
	}

	/**
	 * Return whether a session is still open (not yet removed after closing).
	 * @param session the session
	 * @return {@code true} while the session is open or closing
	 */
	public boolean isOpen(EngineSession session) {
		return this.support.sessions().get(session.id()) == session;
	}

	/**
	 * Return the number of open sessions.
	 * @return the number of sessions
	 */
	public int sessionCount() {
		return this.support.sessions().size();
	}

	boolean isAccepting() {
		return this.accepting;
	}

	/**
	 * Stop accepting new sessions; open ones go on.
	 */
	public void stopAccepting() {
		this.accepting = false;
	}

	/**
	 * Return the open sessions.
	 * @return a copy of the open sessions
	 */
	public Collection<EngineSession> openSessions() {
		return List.copyOf(this.support.sessions().values());
	}

	/**
	 * Open a session and give it its Socket.IO listener.
	 * @param transport the transport the client opened it with
	 * @param handshake the request that opened it
	 * @return the session
	 */
	public EngineSession open(Transport transport, TransportHandshake handshake) {
		EngineSession session;
		do {
			session = new EngineSession(newId(), this.support, transport);
		}
		while (this.support.sessions().putIfAbsent(session.id(), session) != null);
		session.setListener(this.connections.apply(session, handshake));
		String id = session.id();
		this.listeners.each((listener) -> listener.clientConnected(id, transport.value()));
		return session;
	}

	/**
	 * Return the OPEN packet for a new session.
	 * @param session the session
	 * @param upgrades whether the client may upgrade to a websocket
	 * @return the packet
	 */
	EngineFrame openPacket(EngineSession session, boolean upgrades) {
		String json = "{\"sid\":\"" + session.id() + "\",\"upgrades\":" + (upgrades ? "[\"websocket\"]" : "[]")
				+ ",\"pingInterval\":" + this.support.settings().pingInterval().toMillis() + ",\"pingTimeout\":"
				+ this.support.settings().pingTimeout().toMillis() + ",\"maxPayload\":" + this.support.settings().maxPayload() + "}";
		return EngineFrame.text(EngineFrame.OPEN + json);
	}

	private static String newId() {
		byte[] bytes = new byte[15];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
