package dev.ioboot.test.autoconfigure;

import org.junit.jupiter.api.Test;

import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.test.IoTestClient;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link IoTestClientAutoConfiguration}.
 */
class IoTestClientAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IoTestClientAutoConfiguration.class));

	@Test
	void providesAClientOfTheApplicationsServer() {
		this.runner.withConfiguration(AutoConfigurations.of(IoAutoConfiguration.class))
			.withPropertyValues("io.socket.server-options.port=0")
			.run((context) -> {
				assertThat(context).hasSingleBean(IoTestClient.class);
				context.getBean(IoTestClient.class).connect().close();
			});
	}

	@Test
	void connectingBeforeTheServerListensSaysSo() {
		this.runner.run((context) -> assertThatIllegalStateException()
			.isThrownBy(() -> context.getBean(IoTestClient.class).connect())
			.withMessageStartingWith("The Socket.IO server is not listening: local.io.server.port is not set"));
	}

	@Test
	void backsOffWhenTheApplicationDefinesAClient() {
		this.runner.withUserConfiguration(OwnClient.class)
			.run((context) -> assertThat(context).getBean(IoTestClient.class).isSameAs(OwnClient.CLIENT));
	}

	@Test
	void noClientWhenTheServerIsDisabled() {
		this.runner.withPropertyValues("io.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IoTestClient.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnClient {

		static final IoTestClient CLIENT = IoTestClient.builder(9).build();

		@Bean
		IoTestClient myClient() {
			return CLIENT;
		}

	}

}
