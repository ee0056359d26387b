package dev.ioboot.adapter.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.ioboot.adapter.IoEmitFlags;
import dev.ioboot.adapter.IoMissedPacket;
import dev.ioboot.adapter.IoNode;
import dev.ioboot.adapter.IoOffsets;
import dev.ioboot.adapter.IoSession;
import dev.ioboot.adapter.IoTarget;
import dev.ioboot.adapter.cluster.ClusterCodec;
import dev.ioboot.adapter.cluster.ClusterCodecException;
import dev.ioboot.adapter.cluster.ClusterIoAdapter;
import dev.ioboot.adapter.cluster.ClusterMessage;

/**
 * An {@link dev.ioboot.adapter.IoAdapter} on Redis Streams through Spring Data Redis
 * (Lettuce), speaking the wire protocol of socket.io's {@code @socket.io/redis-streams-adapter}
 * 0.3, so that Node servers with that adapter are peers of this node.
 * <p>
 * Broadcasts and room operations are entries of a stream ({@code XADD} trimmed to about
 * {@code maxLen}, fields {@code uid}, {@code nsp}, {@code type} and {@code data}), which every
 * node reads from its end with blocking {@code XREAD}s; requests that need no ordering
 * (broadcasts with acknowledgements, {@code fetchSockets}, {@code serverSideEmit}) and all
 * responses go through pub/sub, as MessagePack. Connection state recovery works across nodes:
 * each broadcast's offset is its entry id, and a socket that disconnects leaves its session
 * under {@code sessionKeyPrefix + pid} for {@code maxDisconnectionDuration}, so that the
 * client may recover on any node, which reads what it missed back from the stream.
 * <p>
 * Entries are read with asynchronous {@code XREAD}s and handed to this node's sockets one at
 * a time, in stream order, on the driver's thread (a serial queue, no thread of its own); this
 * node's own recoverable broadcasts go through that queue too, once Redis gave them their
 * offset. A recovering socket is connected in that queue once the stream was read up to the
 * last entry delivered, so that each broadcast reaches it once: among its missed packets or
 * live. While Redis is unreachable, each node
 * keeps serving its own clients (its broadcasts reach them without an offset); the outage is
 * logged once, and reading resumes from the last entry read when Redis answers again.
 */
public class RedisStreamsIoAdapter extends ClusterIoAdapter {

	private static final Log logger = LogFactory.getLog(RedisStreamsIoAdapter.class);

	private static final Pattern OFFSET = Pattern.compile("[0-9]+-[0-9]+");

	/** As socket.io's adapter: how many reads a recovery makes at most to reach the end. */
	private static final int MAX_REPLAY_READS = 100;

	private static final String BROADCAST = Integer.toString(ClusterMessage.BROADCAST);

	private static final byte[] UID = utf8("uid");

	private static final byte[] NSP = utf8("nsp");

	private static final byte[] TYPE = utf8("type");

	private static final byte[] DATA = utf8("data");

	private static final byte[] NUMSUB_SCRIPT = "return redis.call('PUBSUB', 'NUMSUB', ARGV[1])[2]"
		.getBytes(StandardCharsets.UTF_8);

	private final RedisConnectionFactory connectionFactory;

	private final RedisStreamsSettings settings;

	private final RedisReachability reachability = new RedisReachability(logger,
			"what other nodes send meanwhile is read when Redis answers again");

	private final List<StreamReader> readers = new ArrayList<>();

	/** The session keys of this node's connected sockets, each with when to refresh it. */
	private final Map<String, LiveSession> liveSessions = new ConcurrentHashMap<>();

	private ScheduledExecutorService refresher;


	/** The factory's shared Lettuce connection, for the commands of every broadcast. */
	private RedisConnection shared;

	private volatile RedisClusterAsyncCommands<byte[], byte[]> async;

	private final XAddArgs trimming;

	private RedisMessageListenerContainer container;

	/** Where stream entries and this node's recoverable broadcasts reach its sockets, in order. */
	private final DeliveryQueue delivery = new DeliveryQueue();

	/** The id of the last stream entry delivered, written and read in the delivery queue only. */
	private String lastDelivered = "0-0";

	/**
	 * Create an adapter.
	 * @param connectionFactory the connection factory, shared with the application, which
	 * must be Lettuce's; the adapter never closes it
	 * @param settings the settings
	 * @param mapper the Jackson 2 mapper for application values
	 */
	public RedisStreamsIoAdapter(RedisConnectionFactory connectionFactory, RedisStreamsSettings settings,
			ObjectMapper mapper) {
		super(mapper, settings.requestTimeout());
		if (!(connectionFactory instanceof LettuceConnectionFactory)) {
			throw new IllegalArgumentException("The Redis Streams adapter needs Lettuce's RedisConnectionFactory "
					+ "(Spring Boot's default), not " + connectionFactory.getClass().getName());
		}
		this.connectionFactory = connectionFactory;
		this.settings = settings;
		this.trimming = XAddArgs.Builder.maxlen(settings.maxLen()).approximateTrimming();
	}

	@Override
	public String type() {
		return "redis-streams";
	}

	@Override
	public String state() {
		return this.reachability.isUnreachable() ? "redis-streams: unreachable" : "redis-streams: connected";
	}

	/**
	 * Ask Redis with a {@code PING} whether it answers, waiting at most a second: a node that
	 * only reads notices an outage so too, not only when a read fails.
	 */
	@Override
	public boolean isAvailable() {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.async;
		if (commands == null) {
			return !this.reachability.isUnreachable();
		}
		try {
			commands.ping().toCompletableFuture().get(1, TimeUnit.SECONDS);
			this.reachability.succeeded();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			this.reachability.failed((ex.getCause() != null) ? ex.getCause() : ex);
		}
		return !this.reachability.isUnreachable();
	}

	@Override
	public boolean keepsSessions() {
		return true;
	}

	// ---------------------------------------------------------------- lifecycle

	@Override
	public synchronized void start(IoNode node) {
		this.shared = this.connectionFactory.getConnection();
		this.async = ((LettuceConnection) this.shared).getNativeConnection();
		CustomizableThreadFactory threads = new CustomizableThreadFactory("io-redis-streams-");
		threads.setDaemon(true);
		this.container = ListenerContainers.create(this.connectionFactory);
		super.start(node);
		ListenerContainers.start(this.container, this.reachability::failed);
		this.refresher = Executors.newSingleThreadScheduledExecutor(threads);
		this.refresher.scheduleWithFixedDelay(this::refreshSessions, 1, 1, TimeUnit.SECONDS);
		Duration block = blockTime();
		for (String stream : streams()) {
			StreamReader reader = new StreamReader((LettuceConnectionFactory) this.connectionFactory, stream,
					this.settings.readCount(), block, this::onEntry, this.reachability::succeeded,
					this.reachability::failed);
			this.readers.add(reader);
			reader.start();
		}
	}

	/**
	 * The streams to read: those socket.io's adapter writes to, including the ones a
	 * namespace with a negative hash goes to (which its own readers miss).
	 */
	private Set<String> streams() {
		Set<String> streams = new LinkedHashSet<>();
		if (this.settings.streamCount() == 1) {
			streams.add(this.settings.streamName());
		}
		else {
			for (int i = 1 - this.settings.streamCount(); i < this.settings.streamCount(); i++) {
				streams.add(this.settings.streamName() + "-" + i);
			}
		}
		return streams;
	}

	/**
	 * Block no longer than the driver waits for an answer, so that an empty read is not
	 * taken for a failure.
	 */
	private Duration blockTime() {
		Duration block = this.settings.blockTime();
		if (this.connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.getTimeout() > 200) {
			Duration limit = Duration.ofMillis(lettuce.getTimeout() - 100);
			return (block.compareTo(limit) > 0) ? limit : block;
		}
		return block;
	}

	@Override
	protected void subscribe(String namespace, String uid) {
		this.container.addMessageListener((message, pattern) -> {
			this.reachability.succeeded();
			onMessage(message.getBody(), null);
		}, List.of(new ChannelTopic(publicChannel(namespace)), new ChannelTopic(privateChannel(namespace, uid))));
	}

	@Override
	public synchronized void stop() {
		this.readers.forEach(StreamReader::stop);
		this.readers.clear();
		ListenerContainers.stop(this.container);
		if (this.refresher != null) {
			this.refresher.shutdownNow();
		}
		this.delivery.stop();
		if (this.shared != null) {
			this.shared.close();
		}
		super.stop();
	}

	// ---------------------------------------------------------------- transport

	private String publicChannel(String namespace) {
		return this.settings.channelPrefix() + "#" + namespace + "#";
	}

	private String privateChannel(String namespace, String uid) {
		return this.settings.channelPrefix() + "#" + namespace + "#" + uid + "#";
	}

	/**
	 * As socket.io's adapter: messages that need no ordering and are of no use to a
	 * recovering client go through pub/sub, the others through the stream.
	 */
	private static boolean isEphemeral(ClusterMessage message) {
		return (message.type() == ClusterMessage.BROADCAST && message.requestId() != null)
				|| message.type() == ClusterMessage.SERVER_SIDE_EMIT || message.type() == ClusterMessage.FETCH_SOCKETS;
	}

	@Override
	protected CompletableFuture<String> publish(ClusterMessage message) {
		if (isEphemeral(message)) {
			return publishTo(publicChannel(message.namespace()), codec().encodeMsgpack(message)).thenApply((n) -> "");
		}
		Map<byte[], byte[]> fields = new LinkedHashMap<>();
		fields.put(UID, utf8(message.uid()));
		fields.put(NSP, utf8(message.namespace()));
		fields.put(TYPE, utf8(Integer.toString(message.type())));
		if (message.data() != null) {
			fields.put(DATA, utf8(encodeData(message.data())));
		}
		try {
			// Lettuce's asynchronous command: a reactive chain per broadcast costs far more
			return this.async.xadd(utf8(this.settings.streamOf(message.namespace())), this.trimming, fields)
				.toCompletableFuture()
				.thenApply((id) -> {
					this.reachability.succeeded();
					return id;
				})
				.whenComplete((id, failure) -> {
					if (failure != null) {
						this.reachability.failed(failure);
					}
				});
		}
		catch (RuntimeException ex) {
			this.reachability.failed(ex);
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * A payload as socket.io's adapter stores it: JSON text, or base64 of MessagePack when it
	 * holds binary.
	 */
	private String encodeData(Map<String, Object> data) {
		byte[] encoded = codec().encodeData(data);
		return (encoded.length > 0 && encoded[0] == '{') ? new String(encoded, StandardCharsets.UTF_8)
				: Base64.getEncoder().encodeToString(encoded);
	}

	@Override
	protected CompletableFuture<Void> publishResponse(String requesterUid, ClusterMessage response) {
		return publishTo(privateChannel(response.namespace(), requesterUid), codec().encodeMsgpack(response))
			.thenApply((n) -> null);
	}

	private CompletableFuture<Long> publishTo(String channel, byte[] body) {
		try {
			return this.async.publish(utf8(channel), body)
				.toCompletableFuture()
				.whenComplete((receivers, failure) -> {
					if (failure != null) {
						this.reachability.failed(failure);
					}
					else {
						this.reachability.succeeded();
					}
				});
		}
		catch (RuntimeException ex) {
			this.reachability.failed(ex);
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Count the nodes subscribed to the namespace's public channel, as socket.io's adapter
	 * does ({@code PUBSUB NUMSUB}).
	 */
	@Override
	protected CompletableFuture<Integer> serverCount(String namespace) {
		return this.async
			.<Long>eval(NUMSUB_SCRIPT, ScriptOutputType.INTEGER, new byte[0][], utf8(publicChannel(namespace)))
			.toCompletableFuture()
			.thenApply((count) -> (count != null) ? count.intValue() : 0);
	}

	/**
	 * Handle a stream entry on the delivery thread, in stream order.
	 */
	private void onEntry(String id, Map<String, String> fields) {
		if (fields.get("nsp") == null) {
			return;
		}
		execute(() -> {
			ClusterMessage message;
			try {
				message = decodeEntry(fields);
			}
			catch (ClusterCodecException | IllegalArgumentException ex) {
				malformed(ex);
				return;
			}
			delivered(id);
			onMessage(message, id);
		});
	}

	private static ClusterMessage decodeEntry(Map<String, String> fields) {
		Map<String, Object> raw = new LinkedHashMap<>();
		raw.put("uid", fields.get("uid"));
		raw.put("nsp", fields.get("nsp"));
		raw.put("type", fields.get("type"));
		String data = fields.get("data");
		if (data != null && !data.isEmpty()) {
			raw.put("data", data.startsWith("{") ? ClusterCodec.decodeData(data.getBytes(StandardCharsets.UTF_8))
					: ClusterCodec.decodeData(Base64.getDecoder().decode(data)));
		}
		return ClusterCodec.fromMap(raw);
	}

	private void execute(Runnable task) {
		this.delivery.execute(task);
	}

	/**
	 * Note an entry delivered (in the delivery queue): a recovering socket connects after
	 * every entry delivered before it.
	 */
	private void delivered(String id) {
		if (IoOffsets.position(id) > IoOffsets.position(this.lastDelivered)) {
			this.lastDelivered = id;
		}
	}

	// ---------------------------------------------------------------- connection state recovery

	/**
	 * Add the broadcast to the stream, then deliver it to this node's sockets with its entry id
	 * as offset, on the delivery thread; when Redis cannot be reached, deliver it at once
	 * without an offset.
	 */
	@Override
	public void broadcastRecoverable(IoTarget target, String event, List<Object> args, IoEmitFlags flags) {
		publishBroadcast(target, event, args, flags).whenComplete((offset, failure) -> {
			if (failure != null) {
				node().deliver(target, event, args, flags);
			}
			else {
				execute(() -> {
					delivered(offset);
					node().deliver(target, event, args, flags, offset);
				});
			}
		});
	}

	/**
	 * Keep a disconnected socket's session for {@code maxDisconnectionDuration}, as socket.io's
	 * adapter does.
	 */
	@Override
	public void persistSession(String namespace, IoSession session, Duration maxDisconnectionDuration) {
		String key = this.settings.sessionKeyPrefix() + session.pid();
		this.liveSessions.remove(key);
		writeSession(key, session, maxDisconnectionDuration);
	}

	/**
	 * Keep a connected socket's session too, which socket.io's adapter does not: should this
	 * node die, its clients recover on another. It is written with {@code maxDisconnectionDuration}
	 * plus the refresh interval to live, and refreshed at that interval while the socket is
	 * connected, so that it outlives this node by at least {@code maxDisconnectionDuration}.
	 */
	@Override
	public void sessionUpdated(String namespace, IoSession session, Duration maxDisconnectionDuration) {
		String key = this.settings.sessionKeyPrefix() + session.pid();
		Duration interval = refreshInterval(maxDisconnectionDuration);
		Duration ttl = maxDisconnectionDuration.plus(interval);
		this.liveSessions.put(key, new LiveSession(ttl, interval));
		writeSession(key, session, ttl);
	}

	@Override
	public void removeSession(String namespace, String pid) {
		String key = this.settings.sessionKeyPrefix() + pid;
		this.liveSessions.remove(key);
		watch(this.async.del(utf8(key)));
	}

	private void writeSession(String key, IoSession session, Duration ttl) {
		Map<String, Object> encoded = new LinkedHashMap<>();
		encoded.put("sid", session.id());
		encoded.put("pid", session.pid());
		encoded.put("rooms", new ArrayList<>(session.rooms()));
		encoded.put("data", session.data());
		String value = Base64.getEncoder().encodeToString(codec().toMsgpack(encoded));
		watch(this.async.set(utf8(key), utf8(value), SetArgs.Builder.px(ttl.toMillis())));
	}

	/**
	 * Note a command's failure: Redis is then unreachable.
	 */
	private void watch(CompletionStage<?> command) {
		command.whenComplete((result, failure) -> {
			if (failure != null) {
				this.reachability.failed(failure);
			}
		});
	}

	/**
	 * How often the sessions of connected sockets are refreshed: a third of the recovery
	 * window, between 1 and 30 seconds.
	 */
	static Duration refreshInterval(Duration maxDisconnectionDuration) {
		long millis = Math.max(1000, Math.min(30_000, maxDisconnectionDuration.toMillis() / 3));
		return Duration.ofMillis(millis);
	}

	private void refreshSessions() {
		long now = System.nanoTime();
		this.liveSessions.forEach((key, live) -> {
			if (live.due(now)) {
				watch(this.async.pexpire(utf8(key), live.ttl().toMillis()));
			}
		});
	}

	/**
	 * A connected socket's session, refreshed at its interval.
	 */
	private static final class LiveSession {

		private final Duration ttl;

		private final long interval;

		private long dueAt;

		LiveSession(Duration ttl, Duration interval) {
			this.ttl = ttl;
			this.interval = interval.toNanos();
			this.dueAt = System.nanoTime() + this.interval;
		}

		Duration ttl() {
			return this.ttl;
		}

		/**
		 * Whether it is time to refresh it, and if so, when the next time is.
		 */
		synchronized boolean due(long now) {
			if (now - this.dueAt < 0) {
				return false;
			}
			this.dueAt = now + this.interval;
			return true;
		}

	}

	/**
	 * Take the session (it is deleted, as socket.io's adapter does, whether or not it can be
	 * recovered) and check that the offset is still in the stream.
	 */
	@Override
	public CompletableFuture<IoSession> restoreSession(String namespace, String pid, String offset) {
		if (!OFFSET.matcher(offset).matches()) {
			return CompletableFuture.completedFuture(null);
		}
		CompletableFuture<byte[]> session = this.async.getdel(utf8(this.settings.sessionKeyPrefix() + pid))
			.toCompletableFuture();
		CompletableFuture<Boolean> offsetKept = this.async
			.xrange(utf8(this.settings.streamOf(namespace)), Range.create(offset, offset))
			.toCompletableFuture()
			.thenApply((entries) -> !entries.isEmpty());
		return session.thenCombine(offsetKept, (value, kept) -> (value != null && kept) ? decodeSession(value) : null);
	}

	private static IoSession decodeSession(byte[] text) {
		Object decoded = ClusterCodec.fromMsgpack(Base64.getDecoder().decode(text));
		if (!(decoded instanceof Map<?, ?> map) || !(map.get("sid") instanceof String sid)
				|| !(map.get("pid") instanceof String pid)) {
			throw new ClusterCodecException("Session is not an object with sid and pid");
		}
		Set<String> rooms = new LinkedHashSet<>();
		if (map.get("rooms") instanceof Collection<?> list) {
			list.forEach((room) -> rooms.add(String.valueOf(room)));
		}
		Map<String, Object> data = new LinkedHashMap<>();
		if (map.get("data") instanceof Map<?, ?> values) {
			values.forEach((key, item) -> {
				if (item != null) {
					data.put(String.valueOf(key), item);
				}
			});
		}
		return new IoSession(pid, sid, rooms, data);
	}

	/**
	 * Read the stream from the offset to its end, then, in the delivery queue, read on up to the
	 * last entry delivered if that is further (entries delivered meanwhile did not reach the
	 * socket, not connected yet), and resume there: every later entry reaches the socket live,
	 * every earlier one is among the missed packets, and the socket skips live copies of those.
	 */
	@Override
	public void replay(String namespace, String offset, Set<String> rooms,
			BiConsumer<List<IoMissedPacket>, String> resume) {
		readMissed(namespace, rooms, new ArrayList<>(), offset, "+", MAX_REPLAY_READS, resume);
	}

	private void readMissed(String namespace, Set<String> rooms, List<IoMissedPacket> missed, String from,
			String to, int reads, BiConsumer<List<IoMissedPacket>, String> resume) {
		byte[] stream = utf8(this.settings.streamOf(namespace));
		this.async.xrange(stream, Range.create(next(from), to)).whenComplete((entries, failure) -> {
			String last = from;
			if (failure != null) {
				this.reachability.failed(failure);
				logger.warn("A socket recovers on namespace " + namespace + " with the " + missed.size()
						+ " packets it missed up to " + from + " only: reading the stream failed ("
						+ failure.getMessage() + ")");
			}
			else {
				for (StreamMessage<byte[], byte[]> entry : entries) {
					last = entry.getId();
					IoMissedPacket packet = missedPacket(namespace, rooms, entry);
					if (packet != null) {
						missed.add(packet);
					}
				}
			}
			String readUpTo = last;
			execute(() -> {
				String delivered = this.lastDelivered;
				if (failure == null && reads > 1
						&& IoOffsets.position(delivered) > IoOffsets.position(readUpTo)) {
					readMissed(namespace, rooms, missed, readUpTo, delivered, reads - 1, resume);
				}
				else {
					resume.accept(missed, readUpTo);
				}
			});
		});
	}

	private IoMissedPacket missedPacket(String namespace, Set<String> rooms, StreamMessage<byte[], byte[]> entry) {
		Map<String, String> fields = new LinkedHashMap<>();
		entry.getBody()
			.forEach((name, value) -> fields.put(new String(name, StandardCharsets.UTF_8),
					new String(value, StandardCharsets.UTF_8)));
		if (!namespace.equals(fields.get("nsp")) || !BROADCAST.equals(fields.get("type"))) {
			return null;
		}
		try {
			ClusterMessage message = decodeEntry(fields);
			Map<String, Object> data = message.data();
			if (data == null || !(data.get("packet") instanceof Map<?, ?> packet)
					|| !(packet.get("data") instanceof List<?> values) || values.isEmpty()
					|| !(values.get(0) instanceof String event) || !reaches(rooms, data.get("opts"))) {
				return null;
			}
			return new IoMissedPacket(event, new ArrayList<>(values.subList(1, values.size())), entry.getId());
		}
		catch (ClusterCodecException | IllegalArgumentException ex) {
			malformed(ex);
			return null;
		}
	}

	/**
	 * Whether a socket in these rooms was meant to receive a broadcast with these options.
	 */
	private static boolean reaches(Set<String> rooms, Object opts) {
		Collection<?> included = (opts instanceof Map<?, ?> map && map.get("rooms") instanceof Collection<?> list)
				? list : List.of();
		Collection<?> excluded = (opts instanceof Map<?, ?> map && map.get("except") instanceof Collection<?> list)
				? list : List.of();
		boolean in = included.isEmpty() || included.stream().anyMatch((room) -> rooms.contains(String.valueOf(room)));
		return in && excluded.stream().noneMatch((room) -> rooms.contains(String.valueOf(room)));
	}

	/**
	 * The id right after an entry id: exclusive ranges need Redis 6.2, so socket.io's adapter
	 * counts one up instead.
	 */
	private static String next(String offset) {
		int dash = offset.indexOf('-');
		return offset.substring(0, dash + 1) + (Long.parseLong(offset.substring(dash + 1)) + 1);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}


}
