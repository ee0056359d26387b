package dev.ioboot.server.socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.server.engine.EngineIoServer;
import dev.ioboot.server.engine.EngineSession;

/**
 * Drains a server within a grace period: refuse new connections and namespace CONNECTs,
 * let running and queued handlers finish (and their acknowledgements go out), send every
 * socket a DISCONNECT, close every session, wait for polling clients to fetch their
 * DISCONNECT, then close whatever is left.
 */
public final class GracefulShutdown {

	private static final Log logger = LogFactory.getLog(GracefulShutdown.class);

	private static final String REASON = "server shutting down";

	private final EngineIoServer engine;

	private final HandlerPool handlers;

	/**
	 * Create the shutdown of a running server.
	 * @param engine its Engine.IO side
	 * @param sockets its Socket.IO side
	 */
	public GracefulShutdown(EngineIoServer engine, SocketIoLayer sockets) {
		this.engine = engine;
		this.handlers = sockets.handlers();
	}

	/**
	 * Drain, taking at most the grace period.
	 * @param gracePeriod the longest time given to handlers and clients
	 */
	public void run(Duration gracePeriod) {
		long deadline = System.nanoTime() + gracePeriod.toNanos();
		this.engine.stopAccepting();
		List<SocketIoConnection> connections = new ArrayList<>();
		for (EngineSession session : this.engine.openSessions()) {
			if (session.listener() instanceof SocketIoConnection connection) {
				connection.stopAccepting();
				connections.add(connection);
			}
		}
		this.handlers.shutdown();
		awaitHandlers(deadline);
		List<EngineSession> told = new ArrayList<>();
		for (SocketIoConnection connection : connections) {
			Collection<NamespaceSocket> sockets = connection.sockets();
			for (NamespaceSocket socket : sockets) {
				socket.disconnect();
			}
			if (!sockets.isEmpty()) {
				told.add(connection.session());
			}
			connection.session().close(REASON);
		}
		// a polling client receives its DISCONNECT with its next poll: wait for those; a session
		// without sockets (a handshake alone, like a health check's) has nothing to receive
		awaitClosed(told, deadline);
		for (EngineSession session : this.engine.openSessions()) {
			session.closeNow(REASON, null);
		}
	}

	private void awaitHandlers(long deadline) {
		try {
			if (!this.handlers.awaitTermination(Math.max(0, deadline - System.nanoTime()))) {
				logger.warn("Socket.IO handlers still running after the shutdown grace period; interrupting them");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitClosed(List<EngineSession> sessions, long deadline) {
		for (EngineSession session : sessions) {
			while (this.engine.isOpen(session) && System.nanoTime() < deadline) {
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

}
