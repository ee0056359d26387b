package dev.ioboot.adapter.redis;

import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The pub/sub listener container of the Redis adapters: messages handled in arrival order on
 * the subscription's own thread (delivery only writes to sockets, and server-side handlers run
 * on the handler pool), subscriptions renewed once a second after Redis went away.
 */
final class ListenerContainers {

	private static final Log logger = LogFactory.getLog(ListenerContainers.class);

	private ListenerContainers() {
	}

	/**
	 * Create a container, to be given its listeners and then {@linkplain #start started}.
	 * @param connectionFactory the application's connection factory
	 * @return the container
	 */
	static RedisMessageListenerContainer create(RedisConnectionFactory connectionFactory) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		container.setRecoveryBackoff(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS));
		container.setTaskExecutor(new SyncTaskExecutor());
		return container;
	}

	/**
	 * Start a container; should Redis not answer, it subscribes once it does.
	 * @param container the container
	 * @param onFailure told when Redis does not answer now
	 */
	static void start(RedisMessageListenerContainer container, Consumer<Throwable> onFailure) {
		container.afterPropertiesSet();
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			onFailure.accept(ex);
		}
	}

	/**
	 * Stop a container and release its connection.
	 * @param container the container, or {@code null} if it was never created
	 */
	static void stop(RedisMessageListenerContainer container) {
		if (container == null) {
			return;
		}
		try {
			container.stop();
			container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Error stopping the Redis listener container", ex);
		}
	}

}
