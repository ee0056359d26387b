package dev.ioboot.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.ioboot.Io;
import dev.ioboot.actuate.IoHealthIndicator;
import dev.ioboot.server.IoServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IoHealthContributorAutoConfiguration}.
 */
class IoHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IoAutoConfiguration.class, IoHealthContributorAutoConfiguration.class))
		.withPropertyValues("io.socket.server-options.port=0", "io.namespaces=/custom");

	@Test
	void contributesTheServersHealth() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(IoHealthIndicator.class);
			IoServer server = context.getBean(IoServer.class);
			Health health = context.getBean(IoHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("listening", true)
				.containsEntry("port", server.port())
				.containsEntry("connectedClients", 0)
				.containsEntry("namespaces", Map.of("/", 0, "/custom", 0))
				.containsEntry("adapter", Map.of("type", "memory", "state", "memory"));
			assertThat(server.port()).isPositive();
		});
	}

	@Test
	void downOnceTheServerStopped() {
		this.runner.run((context) -> {
			IoServer server = context.getBean(IoServer.class);
			server.stop(Duration.ZERO);
			Health health = context.getBean(IoHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("listening", false)
				.containsEntry("connectedClients", 0)
				.containsEntry("adapter", Map.of("type", "memory", "state", "memory"));
		});
	}

	@Test
	void isRegisteredUnderTheNameIo() {
		this.runner
			.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
					HealthContributorRegistryAutoConfiguration.class))
			.run((context) -> {
				HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
				assertThat(registry.getContributor("io")).isSameAs(context.getBean(IoHealthIndicator.class));
				assertThat(((HealthIndicator) registry.getContributor("io")).health().getStatus())
					.isEqualTo(Status.UP);
				assertThat(registry.getContributor("ping")).isNotNull();
			});
	}

	@Test
	void switchedOffWithManagementHealthIoEnabledFalse() {
		this.runner.withPropertyValues("management.health.io.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(IoHealthIndicator.class);
			assertThat(context).hasSingleBean(IoServer.class);
		});
	}

	@Test
	void switchedOffWithTheDefaultsOfManagementHealth() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IoHealthIndicator.class));
		this.runner.withPropertyValues("management.health.defaults.enabled=false", "management.health.io.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(IoHealthIndicator.class));
	}

	@Test
	void absentWhenTheStarterIsDisabled() {
		this.runner.withPropertyValues("io.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(IoHealthIndicator.class).doesNotHaveBean(IoServer.class);
		});
	}

	@Test
	void absentWithoutSpringBootHealthAndTheServerStillStarts() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(IoHealthIndicator.class).hasSingleBean(Io.class);
			assertThat(context.getBean(IoServer.class).isRunning()).isTrue();
		});
	}

	@Test
	void backsOffFromAUserBeanNamedIoHealthIndicator() {
		HealthIndicator custom = () -> Health.outOfService().build();
		this.runner.withBean("ioHealthIndicator", HealthIndicator.class, () -> custom).run((context) -> {
			assertThat(context).doesNotHaveBean(IoHealthIndicator.class);
			assertThat(context.getBean("ioHealthIndicator")).isSameAs(custom);
		});
	}

}
