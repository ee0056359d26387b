package dev.ioboot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.ioboot.actuate.IoMetrics;
import dev.ioboot.server.IoServer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the Socket.IO server's Micrometer meters ({@code io.*}), bound to the application's
 * meter registries like every {@link io.micrometer.core.instrument.binder.MeterBinder} bean.
 */
@AutoConfiguration(after = IoAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, IoServer.class })
@ConditionalOnBean(IoServer.class)
public final class IoMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IoMetrics ioMetrics(IoServer ioServer, IoProperties properties) {
		IoMetrics metrics = new IoMetrics(ioServer, properties.getMetrics().getMaxEventNames());
		ioServer.addListener(metrics);
		return metrics;
	}

}
