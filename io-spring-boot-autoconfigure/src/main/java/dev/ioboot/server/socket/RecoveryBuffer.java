package dev.ioboot.server.socket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.ioboot.adapter.IoTarget;
import dev.ioboot.server.ConnectionStateRecovery;
import dev.ioboot.server.engine.EngineFrame;

/**
 * What connection state recovery keeps for one namespace: the packets broadcast in the last
 * {@code maxDisconnectionDuration} (at most {@code bufferLimit} bytes of them), each with the
 * offset its last argument carries, and the state of the sockets that disconnected for a
 * reason they may recover from.
 */
final class RecoveryBuffer implements SessionRecovery {

	private static final long SWEEP_INTERVAL = 1_000_000_000L;

	private final long window;

	private final long limit;

	private final boolean skipMiddlewares;

	/** Tells this buffer's offsets from those of an earlier run or another node. */
	private final String prefix = Ids.random(6) + "-";

	private final ArrayDeque<Packet> packets = new ArrayDeque<>();

	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	private long bytes;

	private long lastSeq;

	private volatile long lastSweep = System.nanoTime();

	RecoveryBuffer(ConnectionStateRecovery settings) {
		this.window = settings.maxDisconnectionDuration().toNanos();
		this.limit = settings.bufferLimit();
		this.skipMiddlewares = settings.skipMiddlewares();
	}

	@Override
	public boolean skipMiddlewares() {
		return this.skipMiddlewares;
	}

	/**
	 * Give a broadcast its offset, encode it and keep it.
	 * @param target the sockets it is for
	 * @param encoder encodes the packet with the offset as its last argument
	 * @return the packet
	 */
	synchronized Packet append(IoTarget target, Function<String, List<EngineFrame>> encoder) {
		long seq = this.lastSeq + 1;
		List<EngineFrame> frames = encoder.apply(this.prefix + seq);
		this.lastSeq = seq;
		int size = 0;
		for (EngineFrame frame : frames) {
			size += frame.size();
		}
		long now = System.nanoTime();
		Packet packet = new Packet(seq, target, frames, size, now);
		this.packets.addLast(packet);
		this.bytes += size;
		trim(now);
		return packet;
	}

	private void trim(long now) {
		Packet oldest;
		while ((oldest = this.packets.peekFirst()) != null
				&& (this.bytes > this.limit || now - oldest.emittedAt() > this.window)) {
			this.packets.removeFirst();
			this.bytes -= oldest.size();
		}
	}

	@Override
	public void persist(String reason, Session session) {
		if (!RECOVERABLE.contains(reason)) {
			return;
		}
		long now = System.nanoTime();
		this.sessions.put(session.pid(), session.disconnectedAt(now));
		if (now - this.lastSweep > SWEEP_INTERVAL) {
			this.lastSweep = now;
			this.sessions.values().removeIf((kept) -> now - kept.disconnectedAt() > this.window);
		}
	}

	@Override
	public synchronized CompletableFuture<Claim> claim(Object pid, Object offset) {
		if (!(pid instanceof String id) || !(offset instanceof String last)) {
			return CompletableFuture.completedFuture(null);
		}
		long now = System.nanoTime();
		trim(now);
		Session session = this.sessions.get(id);
		long seq = seqOf(last);
		if (session == null || seq < 0 || now - session.disconnectedAt() > this.window || !covers(seq)) {
			return CompletableFuture.completedFuture(null);
		}
		this.sessions.remove(id);
		return CompletableFuture.completedFuture(new Claim(session, last, seq));
	}

	/**
	 * Whether every packet after the offset is still here.
	 */
	private boolean covers(long seq) {
		long first = this.packets.isEmpty() ? this.lastSeq + 1 : this.packets.peekFirst().seq();
		return seq <= this.lastSeq && seq >= first - 1;
	}

	private long seqOf(String offset) {
		if (!offset.startsWith(this.prefix)) {
			return -1;
		}
		try {
			return Long.parseLong(offset, this.prefix.length(), offset.length(), 10);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	@Override
	public synchronized CompletableFuture<Boolean> replay(Claim claim, Replay replay) {
		boolean complete = covers(claim.position());
		List<List<EngineFrame>> missed = new ArrayList<>();
		Set<String> rooms = claim.session().rooms();
		for (Iterator<Packet> it = this.packets.iterator(); it.hasNext();) {
			Packet packet = it.next();
			if (packet.seq() > claim.position() && packet.reaches(rooms)) {
				missed.add(packet.frames());
			}
		}
		replay.run(missed, this.lastSeq);
		return CompletableFuture.completedFuture(complete);
	}

	/**
	 * A broadcast kept for sockets that may come back.
	 *
	 * @param seq its sequence number
	 * @param target the sockets it was for
	 * @param frames the packet as sent, offset included
	 * @param size its size in bytes
	 * @param emittedAt when it was sent, by {@link System#nanoTime()}
	 */
	record Packet(long seq, IoTarget target, List<EngineFrame> frames, int size, long emittedAt) {

		/**
		 * Whether a socket in these rooms was meant to receive it.
		 */
		boolean reaches(Set<String> rooms) {
			boolean included = this.target.rooms().isEmpty()
					|| rooms.stream().anyMatch(this.target.rooms()::contains);
			return included && rooms.stream().noneMatch(this.target.except()::contains);
		}

	}

}
