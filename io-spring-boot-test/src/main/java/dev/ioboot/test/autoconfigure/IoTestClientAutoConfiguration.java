package dev.ioboot.test.autoconfigure;

import dev.ioboot.IoJsonMapper;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.test.IoTestClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Test auto-configuration of an {@link IoTestClient} bound to the application's Socket.IO
 * server. The client finds the server's port in the environment when it connects
 * ({@code local.io.server.port}), so it can be injected before the server listens and works
 * with a random port. It writes and reads arguments with the application's
 * {@link IoJsonMapper}.
 *
 * @see AutoConfigureIoTestClient
 */
@AutoConfiguration(after = IoAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "io.enabled", matchIfMissing = true)
public final class IoTestClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IoTestClient ioTestClient(Environment environment, ObjectProvider<IoJsonMapper> json) {
		IoTestClient.Builder builder = IoTestClient.builder(environment);
		json.ifAvailable(builder::jsonMapper);
		return builder.build();
	}

}
