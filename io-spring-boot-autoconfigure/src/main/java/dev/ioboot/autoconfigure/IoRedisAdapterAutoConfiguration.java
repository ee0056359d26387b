package dev.ioboot.autoconfigure;

import org.msgpack.core.MessagePack;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.ioboot.IoJsonMapper;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.redis.RedisIoAdapter;
import dev.ioboot.adapter.redis.RedisStreamsIoAdapter;
import dev.ioboot.adapter.redis.RedisStreamsSettings;
import dev.ioboot.adapter.redis.ShardedRedisIoAdapter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the Redis adapters on the {@link RedisConnectionFactory} Spring Boot configures from
 * {@code spring.data.redis.*}: with {@code io.adapter.type: redis} the classic adapter, or with
 * {@code io.adapter.redis.sharded: true} the sharded one (Lettuce only); with
 * {@code io.adapter.type: redis-streams} the Redis Streams adapter (Lettuce only).
 */
@AutoConfiguration(before = IoAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(name = IoAutoConfiguration.NETTY_SOCKETIO,
		value = { RedisConnectionFactory.class, MessagePack.class })
@ConditionalOnBooleanProperty(name = "io.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IoProperties.class)
public final class IoRedisAdapterAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "io.adapter.type", havingValue = "redis")
	static class PubSubAdapterConfiguration {

		@Bean
		@ConditionalOnMissingBean(IoAdapter.class)
		@ConditionalOnBean(RedisConnectionFactory.class)
		@ConditionalOnBooleanProperty(name = "io.adapter.redis.sharded", havingValue = false, matchIfMissing = true)
		RedisIoAdapter ioRedisAdapter(RedisConnectionFactory connectionFactory, IoProperties properties,
				ObjectProvider<IoJsonMapper> json) {
			IoProperties.Redis redis = properties.getAdapter().getRedis();
			return new RedisIoAdapter(connectionFactory, redis.getKeyPrefix(), redis.getRequestTimeout(),
					json.getIfAvailable(IoJsonMapper::withDefaults).objectMapper());
		}

		@Bean
		@ConditionalOnMissingBean(IoAdapter.class)
		@ConditionalOnBean(RedisConnectionFactory.class)
		@ConditionalOnBooleanProperty("io.adapter.redis.sharded")
		ShardedRedisIoAdapter ioShardedRedisAdapter(RedisConnectionFactory connectionFactory,
				IoProperties properties, ObjectProvider<IoJsonMapper> json) {
			IoProperties.Redis redis = properties.getAdapter().getRedis();
			return new ShardedRedisIoAdapter(connectionFactory, redis.getKeyPrefix(), redis.getSubscriptionMode(),
					redis.getRequestTimeout(), json.getIfAvailable(IoJsonMapper::withDefaults).objectMapper());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "io.adapter.type", havingValue = "redis-streams")
	static class StreamsAdapterConfiguration {

		@Bean
		@ConditionalOnMissingBean(IoAdapter.class)
		@ConditionalOnBean(RedisConnectionFactory.class)
		RedisStreamsIoAdapter ioRedisStreamsAdapter(RedisConnectionFactory connectionFactory,
				IoProperties properties, ObjectProvider<IoJsonMapper> json) {
			IoProperties.Redis redis = properties.getAdapter().getRedis();
			IoProperties.Streams streams = redis.getStreams();
			RedisStreamsSettings settings = new RedisStreamsSettings(streams.getName(), streams.getCount(),
					redis.getKeyPrefix(), streams.getMaxLen(), streams.getReadCount(), streams.getBlockTime(),
					streams.getSessionKeyPrefix(), redis.getRequestTimeout());
			return new RedisStreamsIoAdapter(connectionFactory, settings,
					json.getIfAvailable(IoJsonMapper::withDefaults).objectMapper());
		}

	}

	@Bean
	@ConditionalOnMissingBean(IoAdapter.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnBooleanProperty("io.adapter.redis.sharded")
	ShardedRedisIoAdapter ioShardedRedisAdapter(RedisConnectionFactory connectionFactory, IoProperties properties,
			ObjectProvider<IoJsonMapper> json) {
		IoProperties.Redis redis = properties.getAdapter().getRedis();
		return new ShardedRedisIoAdapter(connectionFactory, redis.getKeyPrefix(), redis.getSubscriptionMode(),
				redis.getRequestTimeout(), json.getIfAvailable(IoJsonMapper::withDefaults).objectMapper());
	}

}
