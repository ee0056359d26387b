package dev.ioboot.server.socket;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.IoPrincipal;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoMissedPacket;
import dev.ioboot.adapter.IoOffsets;
import dev.ioboot.adapter.IoSession;
import dev.ioboot.server.ConnectionStateRecovery;
import dev.ioboot.server.engine.EngineFrame;

/**
 * Connection state recovery left to an adapter that {@linkplain IoAdapter#keepsSessions()
 * keeps sessions} for every node, such as the Redis Streams adapter: a client may come back
 * to any node.
 */
final class AdapterRecovery implements SessionRecovery {

	private static final Log logger = LogFactory.getLog(AdapterRecovery.class);

	private final IoAdapter adapter;

	private final String namespace;

	private final ConnectionStateRecovery settings;

	private final PacketEncoder writer;

	AdapterRecovery(IoAdapter adapter, String namespace, ConnectionStateRecovery settings, PacketEncoder writer) {
		this.adapter = adapter;
		this.namespace = namespace;
		this.settings = settings;
		this.writer = writer;
	}

	@Override
	public boolean skipMiddlewares() {
		return this.settings.skipMiddlewares();
	}

	/**
	 * Keep the socket's rooms but those its principal gave: whichever node the client comes
	 * back to decides those again from the new handshake. A socket that may not recover is
	 * forgotten.
	 */
	@Override
	public void persist(String reason, Session session) {
		try {
			if (RECOVERABLE.contains(reason)) {
				this.adapter.persistSession(this.namespace, shared(session), this.settings.maxDisconnectionDuration());
			}
			else {
				this.adapter.removeSession(this.namespace, session.pid());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not keep the session of socket " + session.id() + " for recovery: " + ex.getMessage());
		}
	}

	@Override
	public void update(Session session) {
		try {
			this.adapter.sessionUpdated(this.namespace, shared(session), this.settings.maxDisconnectionDuration());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not update the session of socket " + session.id(), ex);
		}
	}

	private static IoSession shared(Session session) {
		Set<String> rooms = new LinkedHashSet<>(session.rooms());
		rooms.removeAll(session.principal().rooms());
		rooms.add(session.id());
		return new IoSession(session.pid(), session.id(), rooms, session.data());
	}

	@Override
	public CompletableFuture<Claim> claim(Object pid, Object offset) {
		if (!(pid instanceof String id) || !(offset instanceof String last)) {
			return CompletableFuture.completedFuture(null);
		}
		return this.adapter.restoreSession(this.namespace, id, last).handle((session, failure) -> {
			if (failure != null) {
				logger.debug("Restoring session failed", failure);
				return null;
			}
			if (session == null) {
				return null;
			}
			return new Claim(new Session(session.pid(), session.id(), session.rooms(), IoPrincipal.anonymous(),
					session.data(), 0), last, IoOffsets.position(last));
		});
	}

	@Override
	public CompletableFuture<Boolean> replay(Claim claim, Replay replay) {
		CompletableFuture<Boolean> done = new CompletableFuture<>();
		try {
			this.adapter.replay(this.namespace, claim.offset(), claim.session().rooms(), (missed, last) -> {
				try {
					List<List<EngineFrame>> frames = new ArrayList<>(missed.size());
					for (IoMissedPacket packet : missed) {
						Object[] values = packet.args().toArray(new Object[packet.args().size() + 1]);
						values[values.length - 1] = packet.offset();
						frames.add(this.writer.event(this.namespace, null, packet.event(), values));
					}
					replay.run(frames, IoOffsets.position(last));
					done.complete(true);
				}
				catch (RuntimeException ex) {
					done.completeExceptionally(ex);
				}
			});
		}
		catch (RuntimeException ex) {
			done.completeExceptionally(ex);
		}
		return done;
	}

}
