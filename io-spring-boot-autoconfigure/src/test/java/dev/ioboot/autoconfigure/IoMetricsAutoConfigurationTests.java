package dev.ioboot.autoconfigure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.Io;
import dev.ioboot.actuate.IoMetrics;
import dev.ioboot.server.IoServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IoMetricsAutoConfiguration}.
 */
class IoMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IoAutoConfiguration.class, IoMetricsAutoConfiguration.class))
		.withPropertyValues("io.socket.server-options.port=0", "io.namespaces=/custom");

	private final ApplicationContextRunner withBootMetrics = this.runner
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

	@Test
	void bindsTheMetersOfTheServer() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(IoMetrics.class);
			assertThat(context.getBean(IoMetrics.class).server()).isSameAs(context.getBean(IoServer.class));
		});
	}

	@Test
	void gaugesShowUpInTheApplicationsMeterRegistry() {
		this.withBootMetrics.run((context) -> {
			assertThat(context).hasSingleBean(MeterRegistry.class).hasSingleBean(IoMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry).isInstanceOf(SimpleMeterRegistry.class);
			Gauge root = registry.get("io.connections").tag("namespace", "/").gauge();
			Gauge custom = registry.get("io.connections").tag("namespace", "/custom").gauge();
			assertThat(root.value()).isZero();
			assertThat(custom.value()).isZero();
		});
	}

	@Test
	void bindingToTheApplicationsRegistryLogsNoWarning() {
		// Micrometer says so when a registry joins a composite that already has meters: a
		// warning the first time in a JVM, at debug level after that
		Logger composite = (Logger) LoggerFactory.getLogger(CompositeMeterRegistry.class);
		Level level = composite.getLevel();
		ListAppender<ILoggingEvent> logged = new ListAppender<>();
		logged.start();
		composite.addAppender(logged);
		composite.setLevel(Level.DEBUG);
		try {
			this.withBootMetrics.run((context) -> {
				assertThat(context.getBean(MeterRegistry.class).find("io.connections").meters()).hasSize(2);
				assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
					.noneMatch((message) -> message.contains("already has registered Meters"));
			});
		}
		finally {
			composite.setLevel(level);
			composite.detachAppender(logged);
		}
	}

	@Test
	void metersFollowTheApplicationsMeterFilters() {
		this.withBootMetrics.withPropertyValues("management.metrics.enable.io=false").run((context) -> {
			assertThat(context).hasSingleBean(IoMetrics.class);
			assertThat(context.getBean(MeterRegistry.class).find("io.connections").meters()).isEmpty();
		});
	}

	@Test
	void maxEventNamesMustNotBeNegative() {
		this.runner.withPropertyValues("io.metrics.max-event-names=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.metrics.max-event-names"));
	}

	@Test
	void absentWhenTheStarterIsDisabled() {
		this.withBootMetrics.withPropertyValues("io.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(IoMetrics.class).doesNotHaveBean(IoServer.class);
			assertThat(context.getBean(MeterRegistry.class).find("io.connections").meters()).isEmpty();
		});
	}

	@Test
	void absentWithoutMicrometerAndTheServerStillStarts() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(IoMetrics.class).hasSingleBean(Io.class);
			assertThat(context.getBean(IoServer.class).isRunning()).isTrue();
		});
	}

	@Test
	void backsOffFromAUserIoMetrics() {
		this.withBootMetrics.withUserConfiguration(UserMetricsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(IoMetrics.class);
			assertThat(context).hasBean("customIoMetrics").doesNotHaveBean("ioMetrics");
			// the user's binder is bound like any MeterBinder bean
			assertThat(context.getBean(MeterRegistry.class).get("io.connections").tag("namespace", "/").gauge())
				.isNotNull();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetricsConfiguration {

		@Bean
		IoMetrics customIoMetrics(IoServer server) {
			IoMetrics metrics = new IoMetrics(server, 3);
			server.addListener(metrics);
			return metrics;
		}

	}

}
