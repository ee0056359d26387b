package dev.ioboot.server;

import io.socket.client.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;

import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoEvent;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.ack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @SpringBootTest} that runs the server on any free port and finds it the way
 * Spring Boot's own tests find {@code local.server.port}. The context is closed after the
 * class, so that its server's threads do not outlive it into other tests.
 */
@DirtiesContext
@SpringBootTest(classes = LocalServerPortIntegrationTests.TestApplication.class,
		properties = "io.socket.server-options.port=0")
class LocalServerPortIntegrationTests {

	@Value("${local.io.server.port}")
	int port;

	@Autowired
	IoServer server;

	private final TestClients clients = new TestClients();

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
	}

	@Test
	void localIoServerPortIsThePortClientsReach() throws Exception {
		assertThat(this.port).isPositive().isEqualTo(this.server.port());
		Socket socket = this.clients.connect(this.port, "websocket", "/", null);
		assertThat(ack(socket, "echo", "hello")).containsExactly("hello");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class TestApplication {

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	static class Echo {

		@IoEvent("echo")
		String echo(String text) {
			return text;
		}

	}

}
