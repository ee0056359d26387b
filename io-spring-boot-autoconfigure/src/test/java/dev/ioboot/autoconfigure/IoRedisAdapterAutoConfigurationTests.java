package dev.ioboot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.redis.RedisIoAdapter;
import dev.ioboot.adapter.redis.RedisStreamsIoAdapter;
import dev.ioboot.adapter.redis.ShardedRedisIoAdapter;
import dev.ioboot.server.IoServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IoRedisAdapterAutoConfiguration}, against the Redis at 127.0.0.1:6379.
 */
class IoRedisAdapterAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				IoRedisAdapterAutoConfiguration.class, IoAutoConfiguration.class))
		.withPropertyValues("io.socket.server-options.port=0", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=6379");

	@Test
	void memoryAdapterByDefault() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(RedisIoAdapter.class);
			assertThat(context.getBean(IoServer.class).adapter().state()).isEqualTo("memory");
		});
	}

	@Test
	void redisAdapterOnTheApplicationsConnectionFactory() {
		this.runner.withPropertyValues("io.adapter.type=redis", "io.adapter.redis.key-prefix=io-autoconfig-test")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisIoAdapter.class).hasSingleBean(RedisConnectionFactory.class);
				IoServer server = context.getBean(IoServer.class);
				assertThat(server.adapter()).isSameAs(context.getBean(RedisIoAdapter.class));
				assertThat(server.adapter().state()).isEqualTo("redis: connected");
			});
	}

	@Test
	void streamsAdapterWithItsSettings() {
		this.runner
			.withPropertyValues("io.adapter.type=redis-streams", "io.adapter.redis.key-prefix=io-autoconfig-streams",
					"io.adapter.redis.streams.name=io-autoconfig-streams", "io.adapter.redis.streams.max-len=500")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisStreamsIoAdapter.class).doesNotHaveBean(RedisIoAdapter.class);
				IoServer server = context.getBean(IoServer.class);
				assertThat(server.adapter()).isSameAs(context.getBean(RedisStreamsIoAdapter.class));
				assertThat(server.adapter().type()).isEqualTo("redis-streams");
				assertThat(server.adapter().keepsSessions()).isTrue();
			});
	}

	@Test
	void shardedAdapterWhenAsked() {
		this.runner
			.withPropertyValues("io.adapter.type=redis", "io.adapter.redis.key-prefix=io-autoconfig-sharded",
					"io.adapter.redis.sharded=true", "io.adapter.redis.subscription-mode=dynamic-private")
			.run((context) -> {
				assertThat(context).hasSingleBean(ShardedRedisIoAdapter.class).doesNotHaveBean(RedisIoAdapter.class);
				IoServer server = context.getBean(IoServer.class);
				assertThat(server.adapter()).isSameAs(context.getBean(ShardedRedisIoAdapter.class));
				assertThat(server.adapter().state()).isEqualTo("redis (sharded, dynamic-private)");
			});
	}

	@Test
	void streamsAdapterWithoutSpringDataRedisFailsStartupNamingTheDependency() {
		this.runner.withPropertyValues("io.adapter.type=redis-streams")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.adapter.type=redis-streams")
				.hasMessageContaining("spring-boot-starter-data-redis"));
	}

	@Test
	void streamsSettingsAreChecked() {
		this.runner.withPropertyValues("io.adapter.type=redis-streams", "io.adapter.redis.streams.max-len=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.adapter.redis.streams.count, max-len and read-count must be positive"));
	}

	@Test
	void shardedAdapterOnAnotherClientThanLettuceFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("io.adapter.type=redis", "io.adapter.redis.sharded=true")
			.withBean(RedisConnectionFactory.class, DecoratedConnectionFactory::new)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.adapter.redis.sharded=true needs Lettuce"));
	}

	@Test
	void backsOffFromAUserAdapter() {
		IoAdapter custom = new IoAdapter() {
		};
		this.runner.withPropertyValues("io.adapter.type=redis")
			.withBean(IoAdapter.class, () -> custom)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisIoAdapter.class);
				assertThat(context.getBean(IoServer.class).adapter()).isSameAs(custom);
			});
	}

	@Test
	void missingSpringDataRedisFailsStartupNamingTheDependency() {
		this.runner.withPropertyValues("io.adapter.type=redis")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.adapter.type=redis")
				.hasMessageContaining("spring-boot-starter-data-redis"));
	}

	@Test
	void missingMsgpackFailsStartupNamingTheDependency() {
		this.runner.withPropertyValues("io.adapter.type=redis")
			.withClassLoader(new FilteredClassLoader(MessagePack.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("org.msgpack:msgpack-core"));
	}

	@Test
	void blankKeyPrefixFailsNamingTheKey() {
		this.runner.withPropertyValues("io.adapter.type=redis", "io.adapter.redis.key-prefix=a*b")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.adapter.redis.key-prefix"));
	}

	/**
	 * A connection factory of the application's own that is not Lettuce's (as a decorator
	 * would be), over a Lettuce one.
	 */
	static class DecoratedConnectionFactory implements RedisConnectionFactory {

		private final LettuceConnectionFactory delegate = new LettuceConnectionFactory("127.0.0.1", 6379);

		@Override
		public boolean getConvertPipelineAndTxResults() {
			return this.delegate.getConvertPipelineAndTxResults();
		}

		@Override
		public RedisConnection getConnection() {
			return this.delegate.getConnection();
		}

		@Override
		public RedisClusterConnection getClusterConnection() {
			return this.delegate.getClusterConnection();
		}

		@Override
		public RedisSentinelConnection getSentinelConnection() {
			return this.delegate.getSentinelConnection();
		}

		@Override
		public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
			return this.delegate.translateExceptionIfPossible(ex);
		}

	}

}
