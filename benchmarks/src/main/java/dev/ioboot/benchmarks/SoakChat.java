package dev.ioboot.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ioboot.benchmarks.driver.BenchClient;
import dev.ioboot.benchmarks.driver.DriverStats;
import dev.ioboot.benchmarks.driver.LoadDriver;
import dev.ioboot.benchmarks.driver.LoadDriver.ConnectOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.HdrHistogram.Histogram;

/**
 * The chat of the {@code soak} workload, kept on the driver's event loop. Each client is in
 * one room and sends {@code chat} with an acknowledgement at a fixed interval; the server sends
 * it on to the other members of the room. Every message remembers which members were in the
 * room when it was sent (one bit per member); a member that receives it clears its bit, a
 * member that leaves clears its bit in every message still under way, and the bits left after
 * {@link #LOSS_TIMEOUT} are lost deliveries. A few members at a time disconnect, reconnect and
 * join again (churn); a member that the server or the network disconnects is counted as
 * dropped and reconnected the same way.
 */
final class SoakChat {

	/** A delivery that has not arrived after this long is lost. */
	static final Duration LOSS_TIMEOUT = Duration.ofSeconds(20);

	/** An acknowledgement that has not arrived after this long is missing. */
	static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

	private static final String TEXT = "a chat message of about the size people type, sent to the nineteen others";

	private static final ByteBuf TRUE = Unpooled
		.unreleasableBuffer(Unpooled.copiedBuffer("true", StandardCharsets.US_ASCII));

	private final LoadDriver driver;

	private final SoakSettings settings;

	private final Member[] members;

	private final long[] roomMasks;

	private final Map<Long, Message> pending = new HashMap<>();

	private final ArrayDeque<Message> order = new ArrayDeque<>();

	private final List<Member> vacant = new ArrayList<>();

	private final Random random = new Random(20261123);

	// message times are nanoseconds since this base, a number JSON parsers keep exactly
	private final long base = System.nanoTime();

	private Counts counts = new Counts();

	private long nextId = 1;

	private boolean closing;

	private long sendStart;

	private long sendsIssued;

	private int cursor;

	private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

	SoakChat(LoadDriver driver, SoakSettings settings) {
		this.driver = driver;
		this.settings = settings;
		this.members = new Member[settings.clients()];
		this.roomMasks = new long[settings.rooms()];
	}

	/**
	 * Connects every client and makes it join its room. Call from outside the event loop.
	 * @param perSecond the connect rate
	 * @throws Exception if a client does not connect or join
	 */
	void connect(double perSecond) throws Exception {
		int clients = this.members.length;
		ConnectOutcome outcome = this.driver.connect(clients, perSecond, CONNECT_TIMEOUT);
		if (outcome.failures() > 0) {
			throw new IllegalStateException(outcome.failures() + " of " + clients + " clients did not connect");
		}
		CompletableFuture<Void> joined = new CompletableFuture<>();
		this.driver.onLoop(() -> {
			int[] waiting = { clients };
			int rooms = this.roomMasks.length;
			for (int i = 0; i < clients; i++) {
				Member member = new Member(i % rooms, i / rooms);
				this.members[i] = member;
				attach(member, outcome.clients().get(i));
				join(member, () -> {
					if (--waiting[0] == 0) {
						joined.complete(null);
					}
				});
			}
			return null;
		});
		joined.get(60, TimeUnit.SECONDS);
	}

	/**
	 * Starts sending, churning and sweeping. Call on the event loop.
	 * @return {@code null}
	 */
	Void start() {
		var loop = this.driver.loop();
		this.sendStart = System.nanoTime();
		this.tasks.add(loop.scheduleAtFixedRate(this::sendDue, 0, 5, TimeUnit.MILLISECONDS));
		this.tasks.add(loop.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS));
		double perMinute = this.settings.churnPerMinute();
		if (perMinute > 0) {
			long period = (long) (60e9 / perMinute);
			this.tasks.add(loop.scheduleAtFixedRate(this::churnOne, period, period, TimeUnit.NANOSECONDS));
		}
		return null;
	}

	/**
	 * Ends the current window. Call on the event loop.
	 * @return what happened in it
	 */
	Counts roll() {
		Counts done = this.counts;
		this.counts = new Counts();
		for (Member member : this.members) {
			if (member.joined) {
				done.connected++;
			}
		}
		DriverStats stats = this.driver.stats();
		done.driverProblemsSoFar = stats.unexpected() + stats.serverCloses() + stats.errors();
		return done;
	}

	/**
	 * Stops sending and churning; what is under way may still arrive. Call on the event loop.
	 * @return {@code null}
	 */
	Void stop() {
		this.tasks.forEach((task) -> task.cancel(false));
		this.tasks.clear();
		return null;
	}

	/**
	 * Whether every acknowledgement and every delivery under way has arrived. Call on the
	 * event loop.
	 * @return {@code true} when nothing is under way
	 */
	boolean drained() {
		for (Member member : this.members) {
			if (member.awaitingAck && !member.ackOverdue) {
				return false;
			}
		}
		return this.order.stream().allMatch((message) -> message.mask == 0);
	}

	/**
	 * Counts every delivery still missing as lost and every acknowledgement still missing, and
	 * closes all connections. Call on the event loop.
	 * @return what happened since the last window
	 */
	Counts finish() {
		for (Message message : this.order) {
			this.counts.lost += Long.bitCount(message.mask);
		}
		this.order.clear();
		this.pending.clear();
		for (Member member : this.members) {
			if (member.awaitingAck && !member.ackOverdue) {
				this.counts.ackTimeouts++;
			}
		}
		Counts last = roll();
		this.closing = true;
		for (Member member : this.members) {
			member.client.close();
		}
		return last;
	}

	long now() {
		return System.nanoTime() - this.base;
	}

	private void attach(Member member, BenchClient client) {
		member.client = client;
		client.onChats((c, id, t) -> onChat(member, c, id));
		client.onClose(() -> onClosed(member, client));
	}

	private void join(Member member, Runnable joined) {
		BenchClient client = member.client;
		client.request("join", (c, ack) -> {
			if (member.client != c) {
				return;
			}
			member.joined = true;
			member.joinedAt = now();
			this.roomMasks[member.room] |= member.bit;
			joined.run();
		}, Payloads.string(roomName(member.room)));
	}

	private void sendDue() {
		double due = (System.nanoTime() - this.sendStart) / (double) this.settings.messageInterval().toNanos()
				* this.members.length;
		while (this.sendsIssued < due) {
			send(this.members[this.cursor]);
			this.cursor = (this.cursor + 1) % this.members.length;
			this.sendsIssued++;
		}
	}

	private void send(Member member) {
		if (!member.joined || member.awaitingAck || member.client.closed()) {
			this.counts.skipped++;
			return;
		}
		long t = now();
		Message message = new Message(this.nextId++, member.room, member.slot, t,
				this.roomMasks[member.room] & ~member.bit);
		this.pending.put(message.id, message);
		this.order.addLast(message);
		member.awaitingAck = true;
		member.sentAt = t;
		String json = "{\"room\":\"" + roomName(member.room) + "\",\"id\":" + message.id + ",\"t\":" + t
				+ ",\"text\":\"" + TEXT + "\"}";
		member.client.request("chat", member.chatAck, json.getBytes(StandardCharsets.US_ASCII));
		this.counts.sent++;
	}

	private void onChatAck(Member member, BenchClient client, ByteBuf args) {
		if (member.client != client) {
			return;
		}
		member.awaitingAck = false;
		this.counts.acks++;
		this.counts.ackLatency.recordValue(System.nanoTime() - client.requestNanos());
		if (!ByteBufUtil.equals(args, TRUE)) {
			this.counts.wrongAcks++;
		}
	}

	private void onChat(Member member, BenchClient client, long id) {
		if (member.client != client || !member.joined) {
			// leaving, or not in the room yet: nothing is expected
			return;
		}
		Message message = this.pending.get(id);
		if (message == null) {
			// after the loss timeout: already counted lost
			this.counts.late++;
		}
		else if (message.room != member.room) {
			this.counts.misrouted++;
		}
		else if ((message.mask & member.bit) != 0) {
			message.mask &= ~member.bit;
			this.counts.delivered++;
			this.counts.deliveryLatency.recordValue(now() - message.t);
		}
		else if (message.t < member.joinedAt) {
			// sent while this member was joining: neither expected nor wrong
		}
		else if (message.slot == member.slot) {
			// the sender got its own message back
			this.counts.misrouted++;
		}
		else {
			this.counts.duplicates++;
		}
	}

	private void onClosed(Member member, BenchClient client) {
		if (member.client != client || this.closing || client.connectNanos() < 0) {
			// replaced (churn), shutting down, or never connected (handled by reconnect)
			return;
		}
		this.counts.dropped++;
		if (member.awaitingAck && !member.ackOverdue) {
			this.counts.ackTimeouts++;
		}
		leave(member);
		reconnect(member);
	}

	private void churnOne() {
		for (int tries = 0; tries < 100; tries++) {
			Member member = this.members[this.random.nextInt(this.members.length)];
			if (member.joined && !member.awaitingAck && !member.client.closed()) {
				BenchClient old = member.client;
				leave(member);
				reconnect(member);
				old.close();
				this.counts.churned++;
				return;
			}
		}
	}

	private void leave(Member member) {
		if (member.joined) {
			member.joined = false;
			this.roomMasks[member.room] &= ~member.bit;
			for (Message message : this.order) {
				if (message.room == member.room) {
					message.mask &= ~member.bit;
				}
			}
		}
		member.awaitingAck = false;
		member.ackOverdue = false;
	}

	private void reconnect(Member member) {
		long started = System.nanoTime();
		BenchClient client = this.driver.open();
		attach(member, client);
		ScheduledFuture<?> expiry = this.driver.loop().schedule(() -> {
			if (client.connected().completeExceptionally(new TimeoutException("connect timeout"))) {
				client.close();
			}
		}, CONNECT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
		client.connected().whenComplete((c, ex) -> {
			expiry.cancel(false);
			if (member.client != client || this.closing) {
				return;
			}
			if (ex != null) {
				this.counts.reconnectFailures++;
				this.vacant.add(member);
			}
			else {
				join(member, () -> this.counts.reconnectLatency.recordValue(System.nanoTime() - started));
			}
		});
	}

	/**
	 * Once a second: lost deliveries, overdue acknowledgements, and members to reconnect.
	 */
	private void sweep() {
		long cutoff = now() - LOSS_TIMEOUT.toNanos();
		while (!this.order.isEmpty() && this.order.peekFirst().t < cutoff) {
			Message message = this.order.pollFirst();
			this.pending.remove(message.id);
			this.counts.lost += Long.bitCount(message.mask);
		}
		long ackCutoff = now() - ACK_TIMEOUT.toNanos();
		for (Member member : this.members) {
			if (member.awaitingAck && !member.ackOverdue && member.sentAt < ackCutoff) {
				// the member stays silent: its request slot is taken
				member.ackOverdue = true;
				this.counts.ackTimeouts++;
			}
		}
		if (!this.vacant.isEmpty()) {
			List<Member> retry = new ArrayList<>(this.vacant);
			this.vacant.clear();
			retry.forEach(this::reconnect);
		}
	}

	private static String roomName(int room) {
		return "chat-" + room;
	}

	/**
	 * One client's place: its room and its bit in the room, and the connection in it now.
	 */
	private final class Member {

		final int room;

		final int slot;

		final long bit;

		final BenchClient.AckCallback chatAck = (client, args) -> onChatAck(this, client, args);

		BenchClient client;

		boolean joined;

		long joinedAt;

		boolean awaitingAck;

		boolean ackOverdue;

		long sentAt;

		Member(int room, int slot) {
			this.room = room;
			this.slot = slot;
			this.bit = 1L << slot;
		}

	}

	/**
	 * A message under way: the members of its room it has not reached yet.
	 */
	private static final class Message {

		final long id;

		final int room;

		final int slot;

		final long t;

		long mask;

		Message(long id, int room, int slot, long t, long mask) {
			this.id = id;
			this.room = room;
			this.slot = slot;
			this.t = t;
			this.mask = mask;
		}

	}

	/**
	 * What happened in one window, counted on the event loop.
	 */
	static final class Counts {

		final Histogram ackLatency = new Histogram(3);

		final Histogram deliveryLatency = new Histogram(3);

		final Histogram reconnectLatency = new Histogram(3);

		long sent;

		long acks;

		long wrongAcks;

		long ackTimeouts;

		long skipped;

		long delivered;

		long lost;

		long late;

		long duplicates;

		long misrouted;

		long churned;

		long reconnectFailures;

		long dropped;

		int connected;

		/** The driver's own problem counters so far (unexpected frames, server closes, errors). */
		long driverProblemsSoFar;

		/**
		 * Adds the losses, errors and reconnects of a stretch left out of the windows (the drain
		 * after the last window, the full GC after the warm-up), but not its latencies or rates.
		 */
		void addProblems(Counts other) {
			this.churned += other.churned;
			this.wrongAcks += other.wrongAcks;
			this.ackTimeouts += other.ackTimeouts;
			this.lost += other.lost;
			this.late += other.late;
			this.duplicates += other.duplicates;
			this.misrouted += other.misrouted;
			this.reconnectFailures += other.reconnectFailures;
			this.dropped += other.dropped;
		}

	}

}
