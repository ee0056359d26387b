package dev.ioboot.adapter.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.Io;
import dev.ioboot.actuate.IoHealthIndicator;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.autoconfigure.IoRedisAdapterAutoConfiguration;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.LogOutput.occurrences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on a Redis server of this test's own, which is stopped and started again, with
 * the pub/sub adapter and with the streams adapter: each
 * node keeps serving its clients during the outage, logs it once, and cross-node delivery
 * resumes by itself when Redis is back. The {@link IoHealthIndicator} of the node that
 * broadcasts follows: up, down once its broadcasts fail, up again.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageIntegrationTests {

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final TestClients clients = new TestClients();

	private Process redis;

	@AfterEach
	void cleanUp() {
		this.clients.closeAll();
		this.nodes.forEach(ConfigurableApplicationContext::close);
		stopRedis();
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "redis-streams" })
	void nodesSurviveARedisOutageAndResumeCrossNodeDelivery(String type, CapturedOutput output) throws Exception {
		int port = freePort();
		startRedis(port);
		for (int i = 0; i < 2; i++) {
			this.nodes.add(new SpringApplicationBuilder(Node.class).web(WebApplicationType.NONE)
				.properties("io.socket.server-options.port=0", "io.adapter.type=" + type,
						"io.adapter.redis.key-prefix=outage", "spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=" + port, "spring.data.redis.timeout=1s",
						"io.adapter.redis.request-timeout=1s")
				.run());
		}
		Io a = this.nodes.get(0).getBean(Io.class);
		IoServer serverA = this.nodes.get(0).getBean(IoServer.class);
		IoHealthIndicator healthA = new IoHealthIndicator(serverA);
		IoHealthIndicator healthB = new IoHealthIndicator(this.nodes.get(1).getBean(IoServer.class));
		BlockingQueue<String> onA = new LinkedBlockingQueue<>();
		BlockingQueue<String> onB = new LinkedBlockingQueue<>();
		connect(0, onA);
		connect(1, onB);

		a.emit("news", "before");
		assertThat(onA.poll(10, TimeUnit.SECONDS)).isEqualTo("before");
		assertThat(onB.poll(10, TimeUnit.SECONDS)).isEqualTo("before");
		assertHealth(healthA, Status.UP, type, "connected");
		assertHealth(healthB, Status.UP, type, "connected");

		stopRedis();
		for (int i = 0; i < 50; i++) {
			a.emit("news", "during-" + i);
			assertThat(onA.poll(10, TimeUnit.SECONDS)).as("local delivery during the outage").isEqualTo("during-" + i);
		}
		// the adapter flags the outage, then logs it: await both
		await().atMost(Duration.ofSeconds(15))
			.until(() -> !this.nodes.get(0).getBean(IoAdapter.class).isAvailable()
					&& occurrences(output.getAll(), "Redis is unreachable") >= 1);
		assertThat(occurrences(output.getAll(), "Redis is unreachable")).as("outage logged once per node").isBetween(1, 2);
		// the node noticed when its broadcasts failed: down, though it still serves its own clients
		assertHealth(healthA, Status.DOWN, type, "unreachable");
		assertThat(healthA.health().getDetails()).containsEntry("listening", true).containsEntry("connectedClients", 1);
		// node B published nothing: its health check asks Redis itself
		assertHealth(healthB, Status.DOWN, type, "unreachable");

		startRedis(port);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			a.emit("news", "after");
			String received;
			while ((received = onB.poll()) != null) {
				if (received.equals("after")) {
					return true;
				}
			}
			return false;
		});
		assertThat(output.getAll()).contains("cross-node delivery resumed");
		await().atMost(Duration.ofSeconds(10)).until(() -> healthA.health().getStatus().equals(Status.UP));
		assertHealth(healthA, Status.UP, type, "connected");
		assertHealth(healthB, Status.UP, type, "connected");

		serverA.stop(Duration.ofSeconds(1));
		assertThat(healthA.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(healthA.health().getDetails()).containsEntry("listening", false);
	}

	private static void assertHealth(IoHealthIndicator indicator, Status status, String type, String state) {
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(status);
		assertThat(health.getDetails()).containsEntry("adapter", Map.of("type", type, "state", type + ": " + state));
	}

	private void connect(int node, BlockingQueue<String> received) throws Exception {
		int port = this.nodes.get(node).getBean(IoServer.class).port();
		Socket socket = this.clients.socket(port, "websocket", "/", null);
		socket.on("news", (args) -> received.add(String.valueOf(args[0])));
		TestClients.awaitConnect(socket);
	}

	private void startRedis(int port) throws IOException {
		Path dir = Files.createTempDirectory("io-redis-outage");
		this.redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", dir.toString())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("redis.log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	private void stopRedis() {
		if (this.redis != null) {
			this.redis.destroy();
			try {
				this.redis.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.redis = null;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, IoRedisAdapterAutoConfiguration.class,
			IoAutoConfiguration.class })
	static class Node {

	}

}
