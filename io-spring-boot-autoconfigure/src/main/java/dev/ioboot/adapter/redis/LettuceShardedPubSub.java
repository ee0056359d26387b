package dev.ioboot.adapter.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.AsyncExecutions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Sharded pub/sub ({@code SPUBLISH}, {@code SSUBSCRIBE}, {@code PUBSUB SHARDNUMSUB}, Redis 7)
 * through Lettuce's native client, which Spring Data Redis does not expose for these commands.
 * <p>
 * On a Redis Cluster, each channel is subscribed on the master that serves its slot, over a
 * connection of this class's own to that master. Once a second the subscriptions are checked
 * against the client's view of the cluster: when a master is unreachable the view is refreshed,
 * and channels whose slot moved (after a failover) are subscribed again on their new master.
 * Messages published to a channel between its master's failure and that resubscription are
 * lost, as with every pub/sub. On a single Redis, one pub/sub connection carries every
 * channel and Lettuce subscribes again after a reconnection.
 * <p>
 * Subscription changes run in call order on one thread of this class; received messages are
 * handed to the consumer in arrival order on that thread too.
 */
final class LettuceShardedPubSub implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LettuceShardedPubSub.class);

	private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

	private static final long COMMAND_TIMEOUT_SECONDS = 5;

	private final AbstractRedisClient client;

	private final BiConsumer<String, byte[]> consumer;

	private final ScheduledExecutorService executor;

	private final StatefulRedisConnection<byte[], byte[]> publisher;

	private final StatefulRedisClusterConnection<byte[], byte[]> clusterPublisher;

	/** Our own client for connections to single cluster nodes, on the shared resources. */
	private final RedisClient nodeClient;

	/** The subscriptions of a single Redis. */
	private final StatefulRedisPubSubConnection<byte[], byte[]> standaloneSubscriber;

	/** The channels subscribed, each with the node it is subscribed on (cluster only). */
	private final Map<String, String> channels = new HashMap<>();

	/** The connections to masters, by {@code host:port} (cluster only). */
	private final Map<String, StatefulRedisPubSubConnection<byte[], byte[]>> subscribers = new HashMap<>();

	private volatile boolean closed;

	private LettuceShardedPubSub(AbstractRedisClient client, BiConsumer<String, byte[]> consumer) {
		this.client = client;
		this.consumer = consumer;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("io-redis-sharded-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
		executor.setRemoveOnCancelPolicy(true);
		this.executor = executor;
		if (client instanceof RedisClusterClient cluster) {
			this.clusterPublisher = cluster.connect(ByteArrayCodec.INSTANCE);
			this.publisher = null;
			this.standaloneSubscriber = null;
			this.nodeClient = RedisClient.create(cluster.getResources());
			this.executor.scheduleWithFixedDelay(this::check, CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(),
					TimeUnit.MILLISECONDS);
		}
		else {
			RedisClient standalone = (RedisClient) client;
			this.publisher = standalone.connect(ByteArrayCodec.INSTANCE);
			this.clusterPublisher = null;
			this.nodeClient = null;
			this.standaloneSubscriber = standalone.connectPubSub(ByteArrayCodec.INSTANCE);
			this.standaloneSubscriber.addListener(listener());
		}
	}

	/**
	 * Open sharded pub/sub on the client of a Lettuce connection factory.
	 * @param connectionFactory the application's connection factory
	 * @param consumer told each message received, with its channel
	 * @return the pub/sub
	 * @throws IllegalStateException if the factory is not Lettuce's
	 */
	static LettuceShardedPubSub open(RedisConnectionFactory connectionFactory, BiConsumer<String, byte[]> consumer) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalStateException("io.adapter.redis.sharded=true needs Lettuce (Spring Data Redis has no "
					+ "sharded pub/sub, so the adapter uses Lettuce's own API), but the RedisConnectionFactory is a "
					+ connectionFactory.getClass().getName()
					+ ": use spring.data.redis.client-type=lettuce, or io.adapter.redis.sharded=false");
		}
		AbstractRedisClient client = lettuce.getRequiredNativeClient();
		return new LettuceShardedPubSub(client, consumer);
	}

	/**
	 * Return whether the client is a Redis Cluster client.
	 * @return whether this pub/sub runs on a cluster
	 */
	boolean isCluster() {
		return this.clusterPublisher != null;
	}

	/**
	 * Publish a message with {@code SPUBLISH}.
	 * @param channel the channel
	 * @param body the message
	 * @return the number of receivers, failed if Redis could not be reached
	 */
	CompletableFuture<Long> publish(String channel, byte[] body) {
		byte[] key = channel.getBytes(StandardCharsets.UTF_8);
		return (this.clusterPublisher != null) ? this.clusterPublisher.async().spublish(key, body).toCompletableFuture()
				: this.publisher.async().spublish(key, body).toCompletableFuture();
	}

	/**
	 * Count the subscribers of a channel with {@code PUBSUB SHARDNUMSUB}, summed over the
	 * masters of a cluster as socket.io's sharded adapter does.
	 * @param channel the channel
	 * @return the count
	 */
	CompletableFuture<Integer> numsub(String channel) {
		byte[] key = channel.getBytes(StandardCharsets.UTF_8);
		if (this.clusterPublisher == null) {
			return this.publisher.async().pubsubShardNumsub(key).toCompletableFuture().thenApply(LettuceShardedPubSub::count);
		}
		AsyncExecutions<Map<byte[], Long>> executions = this.clusterPublisher.async()
			.nodes((node) -> node.is(NodeFlag.UPSTREAM) && !node.getSlots().isEmpty() && reachable(node))
			.commands()
			.pubsubShardNumsub(key);
		return sum(executions);
	}

	/**
	 * Return whether a connection factory is a Lettuce one on a Redis Cluster.
	 * @param connectionFactory the connection factory
	 * @return whether it is
	 */
	static boolean isCluster(RedisConnectionFactory connectionFactory) {
		return connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware();
	}

	/**
	 * Count the subscribers of a classic channel with {@code PUBSUB NUMSUB} on every node of
	 * a Redis Cluster (masters and replicas: a classic subscriber may be connected to any).
	 * @param connectionFactory the connection factory
	 * @param channel the channel
	 * @return the count, or {@code null} when the factory is not a Lettuce cluster one
	 */
	static Integer clusterNumsub(RedisConnectionFactory connectionFactory, String channel) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce) || !lettuce.isClusterAware()
				|| !(lettuce.getNativeClient() instanceof RedisClusterClient client)) {
			return null;
		}
		try (StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
			return sum(connection.async()
				.nodes(LettuceShardedPubSub::reachable)
				.commands()
				.pubsubNumsub(channel.getBytes(StandardCharsets.UTF_8)))
				.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while counting the subscribers of " + channel, ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot count the subscribers of " + channel + ": " + ex.getMessage(), ex);
		}
	}

	private static boolean reachable(RedisClusterNode node) {
		return !node.is(NodeFlag.FAIL) && !node.is(NodeFlag.EVENTUAL_FAIL) && !node.is(NodeFlag.NOADDR);
	}

	/**
	 * Sum the counts of several nodes; a node that does not answer (it failed, and the view
	 * of the cluster does not say so yet) counts no subscriber, as its subscribers lost their
	 * connections.
	 */
	private static CompletableFuture<Integer> sum(AsyncExecutions<Map<byte[], Long>> executions) {
		List<CompletableFuture<Integer>> counts = new ArrayList<>();
		for (CompletableFuture<Map<byte[], Long>> future : executions.futures()) {
			counts.add(future.thenApply(LettuceShardedPubSub::count).exceptionally((ex) -> 0));
		}
		return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
			.thenApply((done) -> counts.stream().mapToInt(CompletableFuture::join).sum());
	}

	private static int count(Map<byte[], Long> counts) {
		return counts.values().stream().mapToInt(Long::intValue).sum();
	}

	/**
	 * Subscribe to a channel ({@code SSUBSCRIBE}); runs later, in call order.
	 * @param channel the channel
	 */
	void subscribe(String channel) {
		run(() -> {
			if (this.standaloneSubscriber != null) {
				this.standaloneSubscriber.async().ssubscribe(bytes(channel));
			}
			else if (!this.channels.containsKey(channel)) {
				this.channels.put(channel, "");
				place(channel);
			}
		});
	}

	/**
	 * Unsubscribe from a channel ({@code SUNSUBSCRIBE}); runs later, in call order.
	 * @param channel the channel
	 */
	void unsubscribe(String channel) {
		run(() -> {
			if (this.standaloneSubscriber != null) {
				this.standaloneSubscriber.async().sunsubscribe(bytes(channel));
				return;
			}
			String node = this.channels.remove(channel);
			StatefulRedisPubSubConnection<byte[], byte[]> connection = (node != null) ? this.subscribers.get(node) : null;
			if (connection != null && connection.isOpen()) {
				connection.async().sunsubscribe(bytes(channel));
			}
			closeUnused();
		});
	}

	private void run(Runnable task) {
		if (this.closed) {
			return;
		}
		try {
			this.executor.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.warn("Sharded pub/sub subscription change failed: " + ex.getMessage());
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// closing
		}
	}

	/**
	 * Subscribe a channel on the master serving its slot, unless it is subscribed there
	 * already.
	 */
	private void place(String channel) {
		RedisClusterNode master = masterOf(channel);
		if (master == null) {
			return;
		}
		String node = master.getUri().getHost() + ":" + master.getUri().getPort();
		String current = this.channels.get(channel);
		StatefulRedisPubSubConnection<byte[], byte[]> connection = this.subscribers.get(node);
		if (node.equals(current) && connection != null && connection.isOpen()) {
			return;
		}
		if (connection == null) {
			connection = this.nodeClient.connectPubSub(ByteArrayCodec.INSTANCE, nodeUri(master.getUri()));
			connection.addListener(listener());
			this.subscribers.put(node, connection);
		}
		StatefulRedisPubSubConnection<byte[], byte[]> previous = (current != null) ? this.subscribers.get(current)
				: null;
		if (previous != null && previous != connection && previous.isOpen()) {
			previous.async().sunsubscribe(bytes(channel));
		}
		connection.async().ssubscribe(bytes(channel));
		this.channels.put(channel, node);
	}

	private RedisURI nodeUri(RedisURI uri) {
		RedisURI copy = RedisURI.builder(uri).build();
		copy.setTimeout(Duration.ofSeconds(COMMAND_TIMEOUT_SECONDS));
		return copy;
	}

	private RedisClusterNode masterOf(String channel) {
		int slot = SlotHash.getSlot(bytes(channel));
		return ((RedisClusterClient) this.client).getPartitions().getMasterBySlot(slot);
	}

	/**
	 * Once a second: when a master we subscribe on is unreachable, refresh the view of the
	 * cluster; then move every channel whose slot has another master now.
	 */
	private void check() {
		if (this.closed || this.channels.isEmpty()) {
			return;
		}
		try {
			boolean lost = this.subscribers.values().stream().anyMatch((connection) -> !connection.isOpen());
			if (lost) {
				((RedisClusterClient) this.client).refreshPartitions();
			}
			for (String channel : new ArrayList<>(this.channels.keySet())) {
				place(channel);
			}
			closeUnused();
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot check the sharded subscriptions: " + ex.getMessage());
		}
	}

	private void closeUnused() {
		Set<String> used = new LinkedHashSet<>(this.channels.values());
		this.subscribers.entrySet().removeIf((entry) -> {
			if (!used.contains(entry.getKey())) {
				entry.getValue().closeAsync();
				return true;
			}
			return false;
		});
	}

	private RedisPubSubAdapter<byte[], byte[]> listener() {
		return new RedisPubSubAdapter<>() {

			@Override
			public void smessage(byte[] channel, byte[] message) {
				receive(channel, message);
			}

		};
	}

	private void receive(byte[] channel, byte[] message) {
		if (this.closed) {
			return;
		}
		String name = new String(channel, StandardCharsets.UTF_8);
		try {
			this.executor.execute(() -> this.consumer.accept(name, message));
		}
		catch (RuntimeException ex) {
			logger.debug("Dropping a message received while closing: " + ex.getMessage());
		}
	}

	private static byte[] bytes(String channel) {
		return channel.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.closed = true;
		this.executor.shutdown();
		try {
			this.executor.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.subscribers.values().forEach(StatefulRedisPubSubConnection::close);
		this.subscribers.clear();
		if (this.standaloneSubscriber != null) {
			this.standaloneSubscriber.close();
		}
		if (this.publisher != null) {
			this.publisher.close();
		}
		if (this.clusterPublisher != null) {
			this.clusterPublisher.close();
		}
		if (this.nodeClient != null) {
			this.nodeClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

}
