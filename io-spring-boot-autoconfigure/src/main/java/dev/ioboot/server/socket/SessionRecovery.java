package dev.ioboot.server.socket;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.ioboot.IoPrincipal;
import dev.ioboot.server.engine.EngineFrame;

/**
 * Connection state recovery for one namespace: keeps the state of the sockets that
 * disconnected for a reason they may recover from, and gives a client that comes back its
 * socket and the packets it missed. {@link RecoveryBuffer} keeps both on this node;
 * {@link AdapterRecovery} leaves them to an adapter that keeps them for every node.
 */
interface SessionRecovery {

	/** The disconnect reasons after which socket.io keeps a socket's state. */
	Set<String> RECOVERABLE = Set.of("transport error", "transport close", "forced close", "ping timeout",
			"server shutting down", "forced server close");

	/**
	 * Return whether recovered sockets skip the connect middlewares.
	 * @return {@code true} if they do
	 */
	boolean skipMiddlewares();

	/**
	 * Be told the state of a connected socket, when it connects and when its rooms or data
	 * change, so that it survives this node (only where it is kept for every node).
	 * @param session its state
	 */
	default void update(Session session) {
	}

	/**
	 * Keep the state of a socket that disconnected, if the reason allows recovery.
	 * @param reason why it disconnected
	 * @param session its state
	 */
	void persist(String reason, Session session);

	/**
	 * Claim the state of a socket for a client that comes back: it is no longer kept. The
	 * client then needs {@link #replay}.
	 * @param pid the private session id the client sent
	 * @param offset the offset of the last packet the client received
	 * @return the claim, or {@code null} if there is nothing to recover
	 */
	CompletableFuture<Claim> claim(Object pid, Object offset);

	/**
	 * Hand a recovered socket the packets it missed and connect it, with no broadcast in
	 * between: each later broadcast reaches it live, each earlier one is in the replay.
	 * @param claim the claim
	 * @param replay writes the missed packets, in order, then connects the socket
	 * @return whether every packet after the claimed offset could still be found
	 */
	CompletableFuture<Boolean> replay(Claim claim, Replay replay);

	/**
	 * Return a new private session id, what the client sends back to recover.
	 * @return the id
	 */
	static String newPid() {
		return Ids.random(15);
	}

	/**
	 * The state of a socket that disconnected.
	 *
	 * @param pid its private session id
	 * @param id its socket id
	 * @param rooms its rooms, its own id among them
	 * @param principal who it was
	 * @param data its values
	 * @param disconnectedAt when it disconnected, by {@link System#nanoTime()}
	 */
	record Session(String pid, String id, Set<String> rooms, IoPrincipal principal, Map<String, Object> data,
			long disconnectedAt) {

		Session disconnectedAt(long time) {
			return new Session(this.pid, this.id, this.rooms, this.principal, this.data, time);
		}

	}

	/**
	 * A session claimed by a client that came back.
	 *
	 * @param session the session
	 * @param offset the offset of the last packet the client received
	 * @param position where that packet is in the order of the namespace's packets
	 */
	record Claim(Session session, String offset, long position) {

	}

	/**
	 * Writes a recovered socket's missed packets and connects it.
	 */
	@FunctionalInterface
	interface Replay {

		/**
		 * @param missed the missed packets, in order, each as its Engine.IO packets
		 * @param lastPosition the position of the last packet replayed or delivered so far:
		 * the socket skips live copies up to it
		 */
		void run(List<List<EngineFrame>> missed, long lastPosition);

	}

	/**
	 * Random ids for sessions and offsets.
	 */
	final class Ids {

		private static final SecureRandom random = new SecureRandom();

		private Ids() {
		}

		static String random(int bytes) {
			byte[] id = new byte[bytes];
			random.nextBytes(id);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
		}

	}

}
