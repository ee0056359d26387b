package dev.ioboot.adapter.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.ioboot.adapter.IoNode;
import dev.ioboot.adapter.cluster.ClusterIoAdapter;
import dev.ioboot.adapter.cluster.ClusterMessage;

/**
 * An adapter on Redis sharded pub/sub (Redis 7, {@code SPUBLISH}/{@code SSUBSCRIBE}),
 * wire-compatible with {@code createShardedAdapter} of {@code @socket.io/redis-adapter} 8.3:
 * the same channels ({@code K#N#}, {@code K#N#uid#} for responses, {@code K#N#room#} for rooms
 * in the dynamic modes), the same encoding (JSON, MessagePack when a message holds binary) and
 * the same node count ({@code PUBSUB SHARDNUMSUB} summed over the masters). It works on a Redis
 * Cluster and on a single Redis, through the Lettuce client of the application's
 * {@link RedisConnectionFactory}, which must be Lettuce's.
 */
public class ShardedRedisIoAdapter extends ClusterIoAdapter {

	private static final int SOCKET_ID_LENGTH = 20;

	private final RedisConnectionFactory connectionFactory;

	private final String key;

	private final SubscriptionMode mode;

	/** The room channels subscribed, by channel: the namespace they belong to. */
	private final Map<String, String> roomChannels = new ConcurrentHashMap<>();

	private volatile LettuceShardedPubSub pubSub;

	/**
	 * Create an adapter.
	 * @param connectionFactory the application's connection factory, Lettuce's
	 * @param key the channel prefix, {@code socket.io} by default in socket.io
	 * @param mode the subscription mode
	 * @param requestTimeout the time to wait for other nodes' answers
	 * @param mapper the Jackson 2 mapper for application values
	 */
	public ShardedRedisIoAdapter(RedisConnectionFactory connectionFactory, String key, SubscriptionMode mode,
			Duration requestTimeout, ObjectMapper mapper) {
		super(mapper, requestTimeout);
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
		this.key = Objects.requireNonNull(key, "key must not be null");
		this.mode = Objects.requireNonNull(mode, "mode must not be null");
	}

	@Override
	public synchronized void start(IoNode node) {
		this.pubSub = LettuceShardedPubSub.open(this.connectionFactory, this::onRawMessage);
		super.start(node);
	}

	@Override
	public synchronized void stop() {
		super.stop();
		LettuceShardedPubSub pubSub = this.pubSub;
		if (pubSub != null) {
			pubSub.close();
		}
	}

	@Override
	public String type() {
		return "redis";
	}

	@Override
	public String state() {
		return "redis (sharded, " + this.mode.name().toLowerCase().replace('_', '-') + ")";
	}

	@Override
	protected void subscribe(String namespace, String uid) {
		this.pubSub.subscribe(channel(namespace));
		this.pubSub.subscribe(channel(namespace) + uid + "#");
	}

	@Override
	public void roomCreated(String namespace, String room, boolean socketRoom) {
		LettuceShardedPubSub pubSub = this.pubSub;
		if (pubSub != null && usesOwnChannel(room, socketRoom) && uid(namespace) != null) {
			String channel = channel(namespace) + room + "#";
			this.roomChannels.put(channel, namespace);
			pubSub.subscribe(channel);
		}
	}

	@Override
	public void roomDeleted(String namespace, String room, boolean socketRoom) {
		LettuceShardedPubSub pubSub = this.pubSub;
		if (pubSub != null && usesOwnChannel(room, socketRoom) && uid(namespace) != null) {
			String channel = channel(namespace) + room + "#";
			this.roomChannels.remove(channel);
			pubSub.unsubscribe(channel);
		}
	}

	/**
	 * Whether a room has a channel of its own: exactly when a publisher would use it (see
	 * {@link #channelFor}). In {@code dynamic} mode socket.io publishes to a room's channel
	 * unless the room name is 20 characters long, as its socket ids are; this node's socket
	 * ids are longer, so its socket rooms get channels too, or broadcasts from Node to one of
	 * its sockets would be lost.
	 */
	private boolean usesOwnChannel(String room, boolean socketRoom) {
		return (this.mode == SubscriptionMode.DYNAMIC && !looksLikeSocketId(room))
				|| this.mode == SubscriptionMode.DYNAMIC_PRIVATE;
	}

	private static boolean looksLikeSocketId(String room) {
		return room.length() == SOCKET_ID_LENGTH;
	}

	@Override
	protected CompletableFuture<String> publish(ClusterMessage message) {
		return this.pubSub.publish(channelFor(message), codec().encode(message)).thenApply((receivers) -> "");
	}

	@Override
	protected CompletableFuture<Void> publishResponse(String requesterUid, ClusterMessage response) {
		return this.pubSub.publish(channel(response.namespace()) + requesterUid + "#", codec().encode(response))
			.thenApply((receivers) -> null);
	}

	@Override
	protected CompletableFuture<Integer> serverCount(String namespace) {
		return subscribers(channel(namespace));
	}

	/**
	 * Count the subscribers of a channel, over the masters of a cluster.
	 * @param channel the channel
	 * @return the count
	 */
	CompletableFuture<Integer> subscribers(String channel) {
		return this.pubSub.numsub(channel);
	}

	private void onRawMessage(String channel, byte[] payload) {
		onMessage(payload, null);
	}

	/**
	 * The channel of a message, as socket.io chooses it: a broadcast without
	 * acknowledgements to a single room goes to the room's channel in the dynamic modes
	 * (unless the room looks like a socket id, 20 characters, in {@code dynamic} mode); every
	 * other message
	 * goes to the namespace's channel.
	 */
	private String channelFor(ClusterMessage message) {
		if (message.type() == ClusterMessage.BROADCAST && message.requestId() == null
				&& this.mode != SubscriptionMode.STATIC && message.data().get("opts") instanceof Map<?, ?> opts
				&& opts.get("rooms") instanceof List<?> rooms && rooms.size() == 1
				&& rooms.get(0) instanceof String room
				&& (this.mode == SubscriptionMode.DYNAMIC_PRIVATE || !looksLikeSocketId(room))) {
			return channel(message.namespace()) + room + "#";
		}
		return channel(message.namespace());
	}

	private String channel(String namespace) {
		return this.key + "#" + namespace + "#";
	}

	/**
	 * Return the channels this node subscribes to for rooms.
	 * @return the room channels
	 */
	Set<String> roomChannels() {
		return Set.copyOf(this.roomChannels.keySet());
	}

}
