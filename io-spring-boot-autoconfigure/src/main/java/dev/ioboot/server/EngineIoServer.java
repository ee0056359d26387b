package dev.ioboot.server;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;

import com.corundumstudio.socketio.Transport;

/**
 * The Engine.IO v4 side of the server: open sessions, their settings, and the timer that
 * drives heartbeats and timeouts.
 */
final class EngineIoServer {

	private static final SecureRandom random = new SecureRandom();

	private final EngineIoSettings settings;

	private final ScheduledExecutorService timer;

	private final BiFunction<EngineSession, TransportHandshake, EngineSession.Listener> connections;

	private final HttpResponses http;

	private final ConcurrentMap<String, EngineSession> sessions = new ConcurrentHashMap<>();

	private final IoLimits limits;

	private final IoServerListener listener;

	private volatile boolean accepting = true;

	EngineIoServer(EngineIoSettings settings, IoLimits limits, IoServerListener listener,
			ScheduledExecutorService timer,
			BiFunction<EngineSession, TransportHandshake, EngineSession.Listener> connections) {
		this.settings = settings;
		this.limits = limits;
		this.listener = listener;
		this.timer = timer;
		this.connections = connections;
		this.http = new HttpResponses(settings.cors());
	}

	IoLimits limits() {
		return this.limits;
	}

	IoServerListener listener() {
		return this.listener;
	}

	EngineIoSettings settings() {
		return this.settings;
	}

	ScheduledExecutorService timer() {
		return this.timer;
	}

	HttpResponses http() {
		return this.http;
	}

	ConcurrentMap<String, EngineSession> sessions() {
		return this.sessions;
	}

	boolean isAccepting() {
		return this.accepting;
	}

	/**
	 * Stop accepting new sessions; open ones go on.
	 */
	void stopAccepting() {
		this.accepting = false;
	}

	Collection<EngineSession> openSessions() {
		return List.copyOf(this.sessions.values());
	}

	/**
	 * Open a session and give it its Socket.IO listener.
	 * @param transport the transport the client opened it with
	 * @param handshake the request that opened it
	 * @return the session
	 */
	EngineSession open(Transport transport, TransportHandshake handshake) {
		EngineSession session;
		do {
			session = new EngineSession(newId(), this, transport);
		}
		while (this.sessions.putIfAbsent(session.id(), session) != null);
		session.setListener(this.connections.apply(session, handshake));
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
				+ ",\"pingInterval\":" + this.settings.pingInterval().toMillis() + ",\"pingTimeout\":"
				+ this.settings.pingTimeout().toMillis() + ",\"maxPayload\":" + this.settings.maxPayload() + "}";
		return EngineFrame.text(EngineFrame.OPEN + json);
	}

	private static String newId() {
		byte[] bytes = new byte[15];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
