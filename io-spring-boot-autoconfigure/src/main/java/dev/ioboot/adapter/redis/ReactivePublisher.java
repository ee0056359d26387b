package dev.ioboot.adapter.redis;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Publishes without blocking through a reactive connection (Lettuce): the command is queued
 * on the driver's connection from the calling thread, in call order.
 */
final class ReactivePublisher {

	private final ReactiveRedisConnection connection;

	ReactivePublisher(RedisConnectionFactory connectionFactory) {
		this.connection = ((ReactiveRedisConnectionFactory) connectionFactory).getReactiveConnection();
	}

	static boolean isAvailable(RedisConnectionFactory connectionFactory) {
		return connectionFactory instanceof ReactiveRedisConnectionFactory
				&& ClassUtils.isPresent("reactor.core.publisher.Mono", ReactivePublisher.class.getClassLoader());
	}

	void publish(byte[] channel, byte[] body, Runnable onSuccess, Consumer<Throwable> onFailure) {
		try {
			this.connection.pubSubCommands()
				.publish(ByteBuffer.wrap(channel), ByteBuffer.wrap(body))
				.subscribe((receivers) -> onSuccess.run(), onFailure);
		}
		catch (RuntimeException ex) {
			onFailure.accept(ex);
		}
	}

	void close() {
		this.connection.close();
	}

}
