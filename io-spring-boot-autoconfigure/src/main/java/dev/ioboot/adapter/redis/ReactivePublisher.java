package dev.ioboot.adapter.redis;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Publishes without blocking: the command is queued on the driver's connection from the
 * calling thread, in call order. With Lettuce's connection factory, through Lettuce's
 * asynchronous commands on the factory's connection (one future per message); with another
 * reactive connection factory, through its reactive connection.
 */
final class ReactivePublisher {

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			ReactivePublisher.class.getClassLoader());

	private final Channel channel;

	ReactivePublisher(RedisConnectionFactory connectionFactory) {
		this.channel = isLettuce(connectionFactory) ? new LettuceChannel(connectionFactory)
				: new ReactiveChannel((ReactiveRedisConnectionFactory) connectionFactory);
	}

	static boolean isAvailable(RedisConnectionFactory connectionFactory) {
		return isLettuce(connectionFactory) || (connectionFactory instanceof ReactiveRedisConnectionFactory
				&& ClassUtils.isPresent("reactor.core.publisher.Mono", ReactivePublisher.class.getClassLoader()));
	}

	private static boolean isLettuce(RedisConnectionFactory connectionFactory) {
		return LETTUCE_PRESENT && LettuceChannel.supports(connectionFactory);
	}

	void publish(byte[] channel, byte[] body, Runnable onSuccess, Consumer<Throwable> onFailure) {
		try {
			this.channel.publish(channel, body, onSuccess, onFailure);
		}
		catch (RuntimeException ex) {
			onFailure.accept(ex);
		}
	}

	void close() {
		this.channel.close();
	}

	private interface Channel {

		void publish(byte[] channel, byte[] body, Runnable onSuccess, Consumer<Throwable> onFailure);

		void close();

	}

	/**
	 * Lettuce's asynchronous {@code PUBLISH} on the factory's (shared) connection.
	 */
	private static final class LettuceChannel implements Channel {

		private final RedisConnection connection;

		private final RedisClusterAsyncCommands<byte[], byte[]> commands;

		LettuceChannel(RedisConnectionFactory connectionFactory) {
			this.connection = connectionFactory.getConnection();
			this.commands = ((LettuceConnection) this.connection).getNativeConnection();
		}

		static boolean supports(RedisConnectionFactory connectionFactory) {
			return connectionFactory instanceof LettuceConnectionFactory;
		}

		@Override
		public void publish(byte[] channel, byte[] body, Runnable onSuccess, Consumer<Throwable> onFailure) {
			this.commands.publish(channel, body).whenComplete((receivers, failure) -> {
				if (failure == null) {
					onSuccess.run();
				}
				else {
					onFailure.accept(failure);
				}
			});
		}

		@Override
		public void close() {
			this.connection.close();
		}

	}

	/**
	 * {@code PUBLISH} on a reactive connection.
	 */
	private static final class ReactiveChannel implements Channel {

		private final ReactiveRedisConnection connection;

		ReactiveChannel(ReactiveRedisConnectionFactory connectionFactory) {
			this.connection = connectionFactory.getReactiveConnection();
		}

		@Override
		public void publish(byte[] channel, byte[] body, Runnable onSuccess, Consumer<Throwable> onFailure) {
			this.connection.pubSubCommands()
				.publish(ByteBuffer.wrap(channel), ByteBuffer.wrap(body))
				.subscribe((receivers) -> onSuccess.run(), onFailure);
		}

		@Override
		public void close() {
			this.connection.close();
		}

	}

}
