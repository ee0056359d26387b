package dev.ioboot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.IoDynamicNamespace;
import dev.ioboot.admin.AdminUiAuthenticator;
import dev.ioboot.admin.AdminUiCommands;
import dev.ioboot.admin.AdminUiEventLog;
import dev.ioboot.admin.AdminUiStats;
import dev.ioboot.admin.IoAdminUi;
import dev.ioboot.admin.IoAdminUiOptions;
import dev.ioboot.event.IoAnyListener;
import dev.ioboot.event.IoAnyOutgoingListener;
import dev.ioboot.server.IoServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IoAdminUiAutoConfiguration}.
 */
class IoAdminUiAutoConfigurationTests {

	private static final String HASH = "$2a$10$.86GuYEqbzm3vo0dVehIROAfEPQWn95UT0F05rd7tBRdc5nPmVHbW";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IoAutoConfiguration.class, IoAdminUiAutoConfiguration.class))
		.withPropertyValues("io.socket.server-options.port=0");

	private final ApplicationContextRunner enabled = this.runner.withPropertyValues("io.admin-ui.enabled=true",
			"io.admin-ui.auth.username=admin", "io.admin-ui.auth.password-hash=" + HASH);

	@Test
	void offByDefault() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(IoAdminUi.class)
			.doesNotHaveBean(IoAdminUiOptions.class));
	}

	@Test
	void productionModeWithBasicAuthentication() {
		this.enabled.run((context) -> {
			assertThat(context).hasSingleBean(IoAdminUi.class)
				.hasSingleBean(AdminUiAuthenticator.class)
				.hasSingleBean(AdminUiCommands.class)
				.hasSingleBean(AdminUiStats.class)
				.doesNotHaveBean(AdminUiEventLog.class)
				.doesNotHaveBean(IoAnyOutgoingListener.class);
			IoAdminUiOptions options = context.getBean(IoAdminUiOptions.class);
			assertThat(options.namespace()).isEqualTo("/admin");
			assertThat(options.mode()).isEqualTo(IoAdminUiOptions.Mode.PRODUCTION);
			assertThat(options.serverId()).isEqualTo(AdminUiStats.localHostname());
			assertThat(options.credentials().username()).isEqualTo("admin");
			assertThat(options.credentials().toString()).doesNotContain(HASH);
			assertThat(context.getBean(IoDynamicNamespace.class).matches("/admin", null)).isTrue();
			assertThat(context.getBean(IoDynamicNamespace.class).matches("/admin2", null)).isFalse();
		});
	}

	@Test
	void developmentModeListensToEveryEvent() {
		this.enabled.withPropertyValues("io.admin-ui.mode=development").run((context) -> {
			assertThat(context).hasSingleBean(AdminUiEventLog.class)
				.hasSingleBean(IoAnyOutgoingListener.class)
				.getBeans(IoAnyListener.class)
				.containsKeys("ioAdminUiCommands", "ioAdminUiReceivedEvents");
		});
	}

	@Test
	void readOnlyHasNoCommands() {
		this.enabled.withPropertyValues("io.admin-ui.read-only=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AdminUiCommands.class));
	}

	@Test
	void propertiesAreBound() {
		this.enabled
			.withPropertyValues("io.admin-ui.namespace=/ops", "io.admin-ui.server-id=node-7",
					"io.admin-ui.read-only=true")
			.run((context) -> {
				IoAdminUiOptions options = context.getBean(IoAdminUiOptions.class);
				assertThat(options.namespace()).isEqualTo("/ops");
				assertThat(options.serverId()).isEqualTo("node-7");
				assertThat(options.readOnly()).isTrue();
			});
	}

	@Test
	void authenticationCanBeTurnedOffExplicitly() {
		this.runner.withPropertyValues("io.admin-ui.enabled=true", "io.admin-ui.auth.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(IoAdminUi.class).doesNotHaveBean(AdminUiAuthenticator.class);
			assertThat(context.getBean(IoAdminUiOptions.class).credentials()).isNull();
		});
	}

	@Test
	void failsFastWithoutCredentials() {
		this.runner.withPropertyValues("io.admin-ui.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.admin-ui.auth.username")
				.hasMessageContaining("io.admin-ui.auth.enabled=false"));
	}

	@Test
	void failsFastOnAPasswordThatIsNotABcryptHash() {
		this.runner
			.withPropertyValues("io.admin-ui.enabled=true", "io.admin-ui.auth.username=admin",
					"io.admin-ui.auth.password-hash=admin-pass")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("io.admin-ui.auth.password-hash must be a bcrypt hash"));
	}

	@Test
	void failsFastWithoutSpringSecurityCrypto() {
		this.enabled.withClassLoader(new FilteredClassLoader("org.springframework.security.crypto"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("spring-security-crypto"));
	}

	@Test
	void backsOffFromUserOptions() {
		this.enabled.withUserConfiguration(CustomOptions.class).run((context) -> {
			assertThat(context.getBean(IoAdminUiOptions.class).serverId()).isEqualTo("custom");
			assertThat(context.getBean(IoAdminUi.class).options().serverId()).isEqualTo("custom");
		});
	}

	@Test
	void offWithTheWholeStarter() {
		this.enabled.withPropertyValues("io.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IoAdminUi.class).doesNotHaveBean(IoServer.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomOptions {

		@Bean
		IoAdminUiOptions customOptions() {
			return new IoAdminUiOptions("/admin", IoAdminUiOptions.Mode.PRODUCTION, false, "custom", null);
		}

	}

}
