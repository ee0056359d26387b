package dev.ioboot.adapter.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Reads a Redis stream from its end with blocking {@code XREAD}s on a Lettuce connection of
 * its own, asynchronously: each read is sent when the previous one answered, and its entries
 * are handed on, in stream order, on the driver's thread. After a failure it reads on from the
 * last entry it handed on, once a second, until Redis answers again.
 */
final class StreamReader {

	private static final long RETRY_MILLIS = 1000;

	private final LettuceConnectionFactory connectionFactory;

	private final byte[] stream;

	private final XReadArgs args;

	private final BiConsumer<String, Map<String, String>> onEntry;

	private final Runnable onRead;

	private final Consumer<Throwable> onFailure;

	private volatile boolean running;

	private StatefulConnection<byte[], byte[]> connection;

	private RedisClusterAsyncCommands<byte[], byte[]> commands;

	private String offset = "$";

	/**
	 * Create a reader.
	 * @param connectionFactory gives the reader's client
	 * @param stream the stream's key
	 * @param count the most entries one read returns
	 * @param block the longest a read waits for entries
	 * @param onEntry given each entry's id and fields, in stream order, one at a time
	 * @param onRead told after each read that succeeded
	 * @param onFailure told each failed read
	 */
	StreamReader(LettuceConnectionFactory connectionFactory, String stream, int count, Duration block,
			BiConsumer<String, Map<String, String>> onEntry, Runnable onRead, Consumer<Throwable> onFailure) {
		this.connectionFactory = connectionFactory;
		this.stream = stream.getBytes(StandardCharsets.UTF_8);
		this.args = XReadArgs.Builder.block(block).count(count);
		this.onEntry = onEntry;
		this.onRead = onRead;
		this.onFailure = onFailure;
	}

	synchronized void start() {
		this.running = true;
		AbstractRedisClient client = this.connectionFactory.getRequiredNativeClient();
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<byte[], byte[]> clusterConnection = cluster.connect(ByteArrayCodec.INSTANCE);
			this.connection = clusterConnection;
			this.commands = clusterConnection.async();
		}
		else {
			StatefulRedisConnection<byte[], byte[]> single = ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
			this.connection = single;
			this.commands = single.async();
		}
		read();
	}

	synchronized void stop() {
		this.running = false;
		if (this.connection != null) {
			this.connection.closeAsync();
		}
	}

	private void read() {
		if (!this.running) {
			return;
		}
		try {
			this.commands.xread(this.args, XReadArgs.StreamOffset.from(this.stream, this.offset))
				.whenComplete(this::onAnswer);
		}
		catch (RuntimeException ex) {
			retry(ex);
		}
	}

	private void onAnswer(List<StreamMessage<byte[], byte[]>> messages, Throwable failure) {
		if (failure != null) {
			retry(failure);
			return;
		}
		this.onRead.run();
		if (messages != null) {
			for (StreamMessage<byte[], byte[]> message : messages) {
				Map<String, String> fields = new LinkedHashMap<>();
				message.getBody()
					.forEach((name, value) -> fields.put(new String(name, StandardCharsets.UTF_8),
							new String(value, StandardCharsets.UTF_8)));
				this.offset = message.getId();
				this.onEntry.accept(this.offset, fields);
			}
		}
		read();
	}

	private void retry(Throwable failure) {
		if (!this.running) {
			return;
		}
		this.onFailure.accept(failure);
		CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS).execute(this::read);
	}

}
