package dev.ioboot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.ioboot.actuate.IoHealthIndicator;
import dev.ioboot.server.IoServer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the {@code io} health contributor, switched off with
 * {@code management.health.io.enabled=false}.
 */
@AutoConfiguration(after = { IoAutoConfiguration.class, IoRedisAdapterAutoConfiguration.class })
@ConditionalOnClass({ HealthIndicator.class, IoServer.class })
@ConditionalOnBean(IoServer.class)
@ConditionalOnEnabledHealthIndicator("io")
public final class IoHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "ioHealthIndicator")
	IoHealthIndicator ioHealthIndicator(IoServer ioServer) {
		return new IoHealthIndicator(ioServer);
	}

}
