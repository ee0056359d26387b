package dev.ioboot.adapter.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.ioboot.IoHandshake;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoEmitFlags;
import dev.ioboot.adapter.IoNode;
import dev.ioboot.adapter.IoSocketDetails;
import dev.ioboot.adapter.IoTarget;

/**
 * An {@link IoAdapter} on Redis pub/sub through Spring Data Redis, speaking the wire protocol
 * of socket.io's {@code @socket.io/redis-adapter} (classic) so that Node servers with that
 * adapter and {@code @socket.io/redis-emitter} are peers of this node.
 *
 * <p>It uses the application's {@link RedisConnectionFactory} and never closes it; it owns
 * only the listener container it creates. Publishing never blocks the caller (it is
 * asynchronous with a reactive connection factory such as Lettuce's, else on a thread of its
 * own), so a Redis outage never blocks the caller: local delivery goes on, the outage is logged once,
 * and cross-node delivery resumes when Redis answers again. What other nodes should have
 * received meanwhile is dropped, not queued (one publish per second is attempted to find out
 * when Redis is back), as with socket.io's adapter.
 */
public class RedisIoAdapter implements IoAdapter {

	private static final Log logger = LogFactory.getLog(RedisIoAdapter.class);

	private static final int PUBLISH_QUEUE = 10_000;

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

	private static final Duration PROBE_SILENCE = Duration.ofSeconds(3);

	private static final boolean LETTUCE_PRESENT = org.springframework.util.ClassUtils
		.isPresent("io.lettuce.core.cluster.RedisClusterClient", RedisIoAdapter.class.getClassLoader());

	private static final byte[] NUMSUB_SCRIPT = "return redis.call('PUBSUB', 'NUMSUB', ARGV[1])[2]"
		.getBytes(StandardCharsets.UTF_8);

	private final RedisConnectionFactory connectionFactory;

	private final String key;

	private final Duration requestTimeout;

	private final RedisAdapterCodec codec;

	private final Map<String, String> uids = new ConcurrentHashMap<>();

	private final Map<String, PendingRequest> pending = new ConcurrentHashMap<>();

	/** The broadcasts with acknowledgements this node asked for, by request id. */
	private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();

	private final RedisReachability reachability = new RedisReachability(logger,
			"broadcasts and requests to other nodes are lost until Redis answers again");

	private volatile long nextAttempt = System.nanoTime();

	private final AtomicReference<CompletableFuture<Void>> probe = new AtomicReference<>();

	private volatile IoNode node;

	private RedisMessageListenerContainer container;

	private ExecutorService publisher;

	private ReactivePublisher reactivePublisher;

	/** Renews the subscriptions on a Redis Cluster when they went silent. */
	private SubscriptionWatchdog watchdog;

	private final String probeId = "probe-" + RedisAdapterCodec.newId();

	/**
	 * Create an adapter.
	 * @param connectionFactory the connection factory, shared with the application
	 * @param key the channel prefix, {@code socket.io} by default in socket.io
	 * @param requestTimeout the time to wait for other nodes' answers
	 * @param mapper the Jackson 2 mapper for application values
	 */
	public RedisIoAdapter(RedisConnectionFactory connectionFactory, String key, Duration requestTimeout,
			ObjectMapper mapper) {
		this.connectionFactory = connectionFactory;
		this.key = key;
		this.requestTimeout = requestTimeout;
		this.codec = new RedisAdapterCodec(mapper);
	}

	@Override
	public synchronized void start(IoNode node) {
		this.node = node;
		if (ReactivePublisher.isAvailable(this.connectionFactory)) {
			this.reactivePublisher = new ReactivePublisher(this.connectionFactory);
		}
		else {
			this.publisher = newPublisherThread();
		}
		this.container = ListenerContainers.create(this.connectionFactory);
		for (String namespace : node.namespaces()) {
			subscribe(namespace);
		}
		ListenerContainers.start(this.container, this::redisUnavailable);
		if (LETTUCE_PRESENT && LettuceShardedPubSub.isCluster(this.connectionFactory)
				&& node.namespaces().contains("/")) {
			this.watchdog = new SubscriptionWatchdog(this::sendProbe, this::renewSubscriptions, PROBE_INTERVAL,
					PROBE_SILENCE);
			this.watchdog.start();
		}
	}

	/**
	 * Send this node a probe on its own response channel of the default namespace, where
	 * no other node listens and which every other node ignores.
	 */
	private void sendProbe() {
		publish(RedisAdapterCodec.specificResponseChannel(this.key, "/", uid("/")),
				this.codec.encodeLegacyResponse(this.probeId));
	}

	private synchronized void renewSubscriptions() {
		if (this.container != null) {
			this.container.stop();
			this.container.start();
		}
	}

	/**
	 * Subscribe to a namespace created for a dynamic namespace group, as socket.io's adapter
	 * does for each new namespace.
	 */
	@Override
	public synchronized void namespaceCreated(String namespace) {
		if (this.container != null && !this.uids.containsKey(namespace)) {
			subscribe(namespace);
		}
	}

	private void subscribe(String namespace) {
		String uid = RedisAdapterCodec.newId();
		this.uids.put(namespace, uid);
		MessageListener listener = (message, pattern) -> onMessage(namespace, message);
		this.container.addMessageListener(listener, new PatternTopic(RedisAdapterCodec.pattern(this.key, namespace)));
		this.container.addMessageListener(listener,
				List.of(new ChannelTopic(RedisAdapterCodec.requestChannel(this.key, namespace)),
						new ChannelTopic(RedisAdapterCodec.responseChannel(this.key, namespace)),
						new ChannelTopic(RedisAdapterCodec.specificResponseChannel(this.key, namespace, uid))));
	}

	@Override
	public synchronized void stop() {
		if (this.watchdog != null) {
			this.watchdog.stop();
		}
		ListenerContainers.stop(this.container);
		if (this.publisher != null) {
			this.publisher.shutdown();
			try {
				this.publisher.awaitTermination(2, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.publisher.shutdownNow();
		}
		if (this.reactivePublisher != null) {
			this.reactivePublisher.close();
		}
		this.pending.values().forEach((request) -> request.fail(new IllegalStateException("Adapter stopped")));
	}

	@Override
	public String state() {
		return this.reachability.isUnreachable() ? "redis: unreachable" : "redis: connected";
	}

	/**
	 * Return whether the last attempt to reach Redis failed.
	 * @return {@code true} during an outage
	 */
	public boolean isRedisUnreachable() {
		return this.reachability.isUnreachable();
	}

	@Override
	public String type() {
		return "redis";
	}

	/**
	 * Ask Redis with a {@code PING} whether it answers, waiting at most a second, and return
	 * whether it does. A node that only receives notices an outage so too, not only at its
	 * next failed publish. One probe at a time: while one hangs, the last known state counts.
	 */
	@Override
	public boolean isAvailable() {
		CompletableFuture<Void> started = new CompletableFuture<>();
		CompletableFuture<Void> probe = this.probe.compareAndExchange(null, started);
		if (probe == null) {
			probe = started;
			Thread thread = new Thread(() -> ping(started), "io-redis-probe");
			thread.setDaemon(true);
			thread.start();
		}
		try {
			probe.get(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			redisUnavailable((ex.getCause() != null) ? ex.getCause() : ex);
		}
		return !isRedisUnreachable();
	}

	private void ping(CompletableFuture<Void> probe) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.ping();
			recovered();
			probe.complete(null);
		}
		catch (RuntimeException ex) {
			probe.completeExceptionally(ex);
		}
		finally {
			this.probe.compareAndSet(probe, null);
		}
	}

	// ---- outbound

	@Override
	public void broadcast(IoTarget target, String event, List<Object> args) {
		broadcast(target, event, args, IoEmitFlags.DEFAULT);
	}

	@Override
	public void broadcast(IoTarget target, String event, List<Object> args, IoEmitFlags flags) {
		String uid = uid(target.namespace());
		byte[] body = this.codec.encodeBroadcast(new BroadcastMessage(uid, target.namespace(), event, args,
				target.rooms(), target.except(), WireFlags.toMap(flags)));
		publish(RedisAdapterCodec.channelFor(this.key, target.namespace(), target.rooms()), body);
	}

	/**
	 * Ask the other nodes' matching sockets for acknowledgements with a BROADCAST request:
	 * each node answers with a BROADCAST_CLIENT_COUNT response, then one BROADCAST_ACK
	 * response per answering client. The request is forgotten when its timeout passes.
	 */
	@Override
	public CompletableFuture<Integer> broadcastWithAck(IoTarget target, String event, List<Object> args,
			IoEmitFlags flags, IntConsumer clientCount, Consumer<Object> ack) {
		String namespace = target.namespace();
		int others;
		try {
			others = serverCount(namespace) - 1;
		}
		catch (RuntimeException ex) {
			redisUnavailable(ex);
			return CompletableFuture.completedFuture(0);
		}
		if (others <= 0) {
			return CompletableFuture.completedFuture(0);
		}
		String requestId = RedisAdapterCodec.newId();
		this.ackRequests.put(requestId, new AckRequest(clientCount, ack));
		long timeout = (flags.timeout() != null) ? flags.timeout().toMillis() : this.requestTimeout.toMillis();
		CompletableFuture.delayedExecutor(timeout, TimeUnit.MILLISECONDS)
			.execute(() -> this.ackRequests.remove(requestId));
		publishRequest(namespace, this.codec.encodeBroadcastRequest(requestId, new BroadcastMessage(uid(namespace),
				namespace, event, args, target.rooms(), target.except(), WireFlags.toMap(flags))));
		return CompletableFuture.completedFuture(others);
	}

	@Override
	public void socketsJoin(IoTarget target, Set<String> rooms) {
		publishRequest(target.namespace(), this.codec.encodeRemoteJoin(uid(target.namespace()),
				target.rooms(), target.except(), rooms));
	}

	@Override
	public void socketsLeave(IoTarget target, Set<String> rooms) {
		publishRequest(target.namespace(), this.codec.encodeRemoteLeave(uid(target.namespace()),
				target.rooms(), target.except(), rooms));
	}

	@Override
	public void disconnectSockets(IoTarget target, boolean close) {
		publishRequest(target.namespace(), this.codec.encodeRemoteDisconnect(uid(target.namespace()),
				target.rooms(), target.except(), close));
	}

	@Override
	public CompletableFuture<List<IoSocketDetails>> fetchSockets(IoTarget target) {
		String namespace = target.namespace();
		return request(namespace, "fetchSockets", (requestId) -> this.codec.encodeFetchSocketsRequest(uid(namespace),
				requestId, target.rooms(), target.except()))
			.thenApply((responses) -> {
				List<IoSocketDetails> sockets = new ArrayList<>();
				for (AdapterResponse response : responses) {
					if (response.sockets() != null) {
						for (Object socket : response.sockets()) {
							sockets.add(toDetails(namespace, map(socket)));
						}
					}
				}
				return sockets;
			});
	}

	@Override
	public void serverSideEmit(String namespace, String event, List<Object> args) {
		publishRequest(namespace, this.codec.encodeServerSideEmit(uid(namespace), null, event, args));
	}

	@Override
	public CompletableFuture<List<Object>> serverSideEmitWithAck(String namespace, String event, List<Object> args) {
		return request(namespace, "serverSideEmitWithAck",
				(requestId) -> this.codec.encodeServerSideEmit(uid(namespace), requestId, event, args))
			.thenApply((responses) -> responses.stream().map(AdapterResponse::data).toList());
	}

	private CompletableFuture<List<AdapterResponse>> request(String namespace, String operation,
			java.util.function.Function<String, byte[]> encoder) {
		int others;
		try {
			others = serverCount(namespace) - 1;
		}
		catch (RuntimeException ex) {
			redisUnavailable(ex);
			return CompletableFuture.failedFuture(new IllegalStateException(
					"Redis is unreachable: " + operation + " cannot reach the other nodes", ex));
		}
		if (others <= 0) {
			return CompletableFuture.completedFuture(List.of());
		}
		String requestId = RedisAdapterCodec.newId();
		PendingRequest request = new PendingRequest(others);
		this.pending.put(requestId, request);
		request.future.orTimeout(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((result, failure) -> this.pending.remove(requestId));
		publishRequest(namespace, encoder.apply(requestId));
		return request.future.exceptionallyCompose((failure) -> CompletableFuture.failedFuture(
				(failure instanceof TimeoutException) ? new TimeoutException("timeout reached while waiting for "
						+ operation + " response (" + request.received() + " of " + others + " nodes answered)")
						: failure));
	}

	/**
	 * Count the nodes subscribed to the namespace's request channel, this one included, as
	 * socket.io's adapter does ({@code PUBSUB NUMSUB}). Run as a script so that it works with
	 * every Redis driver Spring Data Redis supports; on a Redis Cluster through Lettuce, summed
	 * over every node of the cluster (with another driver, one node's count only).
	 */
	private int serverCount(String namespace) {
		String requestChannel = RedisAdapterCodec.requestChannel(this.key, namespace);
		if (LETTUCE_PRESENT) {
			// on a Redis Cluster, PUBSUB NUMSUB counts the subscribers of one node only
			Integer count = LettuceShardedPubSub.clusterNumsub(this.connectionFactory, requestChannel);
			if (count != null) {
				recovered();
				return count;
			}
		}
		byte[] channel = requestChannel.getBytes(StandardCharsets.UTF_8);
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Long count = connection.scriptingCommands().eval(NUMSUB_SCRIPT, ReturnType.INTEGER, 0, channel);
			recovered();
			return (count != null) ? count.intValue() : 0;
		}
	}

	private void publishRequest(String namespace, byte[] body) {
		publish(RedisAdapterCodec.requestChannel(this.key, namespace), body);
	}

	private void publishResponse(String namespace, byte[] body) {
		publish(RedisAdapterCodec.responseChannel(this.key, namespace), body);
	}

	private void publish(String channel, byte[] body) {
		if (!mayAttemptPublish()) {
			return;
		}
		byte[] channelBytes = channel.getBytes(StandardCharsets.UTF_8);
		ReactivePublisher reactive = this.reactivePublisher;
		if (reactive != null) {
			reactive.publish(channelBytes, body, this::recovered, this::redisUnavailable);
			return;
		}
		ExecutorService executor = this.publisher;
		if (executor == null) {
			return;
		}
		try {
			executor.execute(() -> {
				try (RedisConnection connection = this.connectionFactory.getConnection()) {
					connection.publish(channelBytes, body);
					recovered();
				}
				catch (RuntimeException ex) {
					redisUnavailable(ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			if (!executor.isShutdown()) {
				redisUnavailable(ex);
			}
		}
	}

	/**
	 * During an outage, messages are dropped rather than queued, except for one attempt per
	 * second that finds out when Redis is back.
	 */
	private boolean mayAttemptPublish() {
		if (!this.reachability.isUnreachable()) {
			return true;
		}
		long now = System.nanoTime();
		long next = this.nextAttempt;
		if (now - next < 0) {
			return false;
		}
		this.nextAttempt = now + RETRY_INTERVAL.toNanos();
		return true;
	}

	private void redisUnavailable(Throwable ex) {
		this.reachability.failed(ex);
	}

	private void recovered() {
		this.reachability.succeeded();
	}

	private String uid(String namespace) {
		String uid = this.uids.get(namespace);
		if (uid == null) {
			throw new IllegalArgumentException("Unknown namespace '" + namespace + "'");
		}
		return uid;
	}

	// ---- inbound

	private void onMessage(String namespace, Message message) {
		String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
		try {
			recovered();
			if (channel.equals(RedisAdapterCodec.requestChannel(this.key, namespace))) {
				onRequest(namespace, this.codec.decodeRequest(message.getBody()));
			}
			else if (channel.startsWith(RedisAdapterCodec.responseChannel(this.key, namespace))) {
				onResponse(this.codec.decodeResponse(message.getBody()));
			}
			else if (channel.startsWith(RedisAdapterCodec.broadcastChannel(this.key, namespace))) {
				onBroadcast(namespace, channel, message.getBody());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Dropping a malformed message on Redis channel " + channel + ": " + ex.getMessage());
		}
	}

	private void onBroadcast(String namespace, String channel, byte[] body) {
		String room = RedisAdapterCodec.roomOf(channel, this.key, namespace);
		if (room == null || (!room.isEmpty() && !this.node.hasRoom(namespace, room))) {
			return;
		}
		BroadcastMessage broadcast = this.codec.decodeBroadcast(body);
		if (broadcast.uid().equals(this.uids.get(namespace)) || !namespace.equals(broadcast.namespace())) {
			return;
		}
		this.node.deliver(new IoTarget(namespace, broadcast.rooms(), broadcast.except()), broadcast.event(),
				broadcast.args(), WireFlags.fromMap(broadcast.flags()));
	}

	private void onRequest(String namespace, AdapterRequest request) {
		String own = this.uids.get(namespace);
		boolean mine = own.equals(request.uid()) || (request.requestId() != null
				&& (this.pending.containsKey(request.requestId()) || this.ackRequests.containsKey(request.requestId())));
		IoTarget target = new IoTarget(namespace, request.optsRooms(), request.optsExcept());
		if (request.legacy()) {
			return;
		}
		switch (request.type()) {
			case RedisAdapterCodec.REMOTE_JOIN -> {
				if (!mine) {
					this.node.join(target, request.rooms());
				}
			}
			case RedisAdapterCodec.REMOTE_LEAVE -> {
				if (!mine) {
					this.node.leave(target, request.rooms());
				}
			}
			case RedisAdapterCodec.REMOTE_DISCONNECT -> {
				if (!mine) {
					this.node.disconnect(target, request.close());
				}
			}
			case RedisAdapterCodec.REMOTE_FETCH -> {
				if (!mine) {
					List<Map<String, Object>> sockets = new ArrayList<>();
					for (IoSocketDetails socket : this.node.fetch(target)) {
						sockets.add(fromDetails(socket));
					}
					publishResponse(namespace, this.codec.encodeSocketsResponse(request.requestId(), sockets));
				}
			}
			case RedisAdapterCodec.SOCKETS -> {
				if (!mine) {
					List<String> ids = this.node.fetch(new IoTarget(namespace, request.rooms(), Set.of()))
						.stream()
						.map(IoSocketDetails::id)
						.toList();
					publishResponse(namespace, this.codec.encodeSocketsResponse(request.requestId(), ids));
				}
			}
			case RedisAdapterCodec.ALL_ROOMS -> {
				if (!mine) {
					Set<String> rooms = new LinkedHashSet<>();
					this.node.fetch(IoTarget.all(namespace)).forEach((socket) -> rooms.addAll(socket.rooms()));
					publishResponse(namespace, this.codec.encodeAllRoomsResponse(request.requestId(), rooms));
				}
			}
			case RedisAdapterCodec.SERVER_SIDE_EMIT -> {
				if (!own.equals(request.uid())) {
					List<Object> data = request.data();
					if (data == null || data.isEmpty()) {
						return;
					}
					Consumer<Object> ack = (request.requestId() != null) ? (value) -> publishResponse(namespace,
							this.codec.encodeServerSideEmitResponse(request.requestId(), ackArgs(value))) : null;
					this.node.serverSideEvent(namespace, String.valueOf(data.get(0)),
							new ArrayList<>(data.subList(1, data.size())), ack);
				}
			}
			case RedisAdapterCodec.BROADCAST -> {
				if (!mine) {
					BroadcastMessage packet = request.packet();
					if (packet == null) {
						return;
					}
					IoTarget broadcastTarget = new IoTarget(namespace, packet.rooms(), packet.except());
					int count = this.node.deliverWithAck(broadcastTarget, packet.event(), packet.args(),
							WireFlags.fromMap(packet.flags()), (value) -> publishResponse(namespace,
									this.codec.encodeBroadcastAck(request.requestId(), ackArgs(value))));
					publishResponse(namespace, this.codec.encodeBroadcastClientCount(request.requestId(), count));
				}
			}
			default -> logger.debug("Ignoring adapter request of type " + request.type());
		}
	}

	private void onResponse(AdapterResponse response) {
		if (response.requestId() == null) {
			return;
		}
		if (response.requestId().equals(this.probeId)) {
			SubscriptionWatchdog watchdog = this.watchdog;
			if (watchdog != null) {
				watchdog.seen();
			}
			return;
		}
		AckRequest ackRequest = this.ackRequests.get(response.requestId());
		if (ackRequest != null) {
			if (response.type() == RedisAdapterCodec.BROADCAST_CLIENT_COUNT && response.clientCount() != null) {
				ackRequest.clientCount().accept(response.clientCount());
			}
			else if (response.type() == RedisAdapterCodec.BROADCAST_ACK) {
				ackRequest.ack().accept(response.packet());
			}
			return;
		}
		PendingRequest request = this.pending.get(response.requestId());
		if (request != null) {
			request.add(response);
		}
	}

	private static IoSocketDetails toDetails(String namespace, Map<String, Object> socket) {
		Map<String, Object> handshake = map(socket.get("handshake"));
		Object issued = handshake.get("issued");
		Instant time = (issued instanceof Number number) ? Instant.ofEpochMilli(number.longValue()) : Instant.EPOCH;
		Set<String> rooms = new LinkedHashSet<>();
		if (socket.get("rooms") instanceof Collection<?> list) {
			list.forEach((room) -> rooms.add(String.valueOf(room)));
		}
		IoHandshake details = new IoHandshake(stringLists(handshake.get("headers")),
				stringLists(handshake.get("query")), map(handshake.get("auth")),
				(String) handshake.get("address"), (String) handshake.get("url"), time,
				Boolean.TRUE.equals(handshake.get("secure")));
		return new IoSocketDetails(String.valueOf(socket.get("id")), namespace, rooms, details,
				map(socket.get("data")));
	}

	private static Map<String, Object> fromDetails(IoSocketDetails socket) {
		IoHandshake handshake = socket.handshake();
		Map<String, Object> headers = new LinkedHashMap<>();
		handshake.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
		Map<String, Object> query = new LinkedHashMap<>();
		handshake.query().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
		Map<String, Object> details = RedisAdapterCodec.handshake(headers, handshake.time(), handshake.address(),
				handshake.header("origin") != null, handshake.secure(), handshake.url(), query, handshake.auth());
		return RedisAdapterCodec.socketDetails(socket.id(), details, socket.rooms(), socket.data());
	}

	private static List<Object> ackArgs(Object value) {
		return (value != null) ? java.util.Collections.singletonList(value) : List.of();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static Map<String, List<String>> stringLists(Object value) {
		Map<String, List<String>> result = new LinkedHashMap<>();
		map(value).forEach((name, v) -> result.put(name, List.of(String.valueOf(v))));
		return result;
	}

	private static ExecutorService newPublisherThread() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("io-redis-publish-");
		threads.setDaemon(true);
		return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(PUBLISH_QUEUE),
				threads);
	}

	/**
	 * A broadcast with acknowledgements waiting for the other nodes' client counts and their
	 * clients' answers.
	 *
	 * @param clientCount told each node's client count
	 * @param ack told each client's answer
	 */
	private record AckRequest(IntConsumer clientCount, Consumer<Object> ack) {

	}

	/**
	 * A request waiting for the other nodes' responses.
	 */
	private static final class PendingRequest {

		private final int expected;

		private final List<AdapterResponse> responses = new ArrayList<>();

		final CompletableFuture<List<AdapterResponse>> future = new CompletableFuture<>();

		PendingRequest(int expected) {
			this.expected = expected;
		}

		synchronized void add(AdapterResponse response) {
			this.responses.add(response);
			if (this.responses.size() >= this.expected) {
				this.future.complete(List.copyOf(this.responses));
			}
		}

		synchronized int received() {
			return this.responses.size();
		}

		void fail(Exception ex) {
			this.future.completeExceptionally(ex);
		}

	}

}
