package dev.ioboot.adapter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.Socket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.Io;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.autoconfigure.IoRedisAdapterAutoConfiguration;
import dev.ioboot.event.IoServerEvent;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.RedisClusterProcesses;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A master of a Redis Cluster dies (SIGKILL) under two nodes, and its replica takes over:
 * what reaches the other node before, during and after. The nodes' Lettuce clients refresh
 * the cluster topology adaptively and once a second
 * ({@code spring.data.redis.lettuce.cluster.refresh.*}).
 */
class RedisClusterFailoverIntegrationTests {

	private static final Log logger = LogFactory.getLog(RedisClusterFailoverIntegrationTests.class);

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final TestClients clients = new TestClients();

	private RedisClusterProcesses cluster;

	@AfterEach
	void stop() {
		this.clients.closeAll();
		this.nodes.forEach(ConfigurableApplicationContext::close);
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void broadcastsReachTheOtherNodeAgainOnceAReplicaTookOver(boolean sharded) throws Exception {
		assumeTrue(RedisClusterProcesses.isAvailable(), "redis-server and redis-cli are not installed");
		this.cluster = RedisClusterProcesses.start();
		String key = "io-failover-" + UUID.randomUUID();
		for (String name : List.of("a", "b")) {
			this.nodes.add(new SpringApplicationBuilder(Node.class).web(WebApplicationType.NONE)
				.properties("io.socket.server-options.port=0", "io.adapter.type=redis",
						"io.adapter.redis.key-prefix=" + key, "io.adapter.redis.request-timeout=2s",
						"io.adapter.redis.sharded=" + sharded, "io.adapter.redis.subscription-mode=static",
						"spring.data.redis.cluster.nodes=" + this.cluster.nodes(),
						"spring.data.redis.timeout=2s",
						"spring.data.redis.lettuce.cluster.refresh.adaptive=true",
						"spring.data.redis.lettuce.cluster.refresh.period=1s", "node.name=" + name)
				.run());
		}
		Io a = this.nodes.get(0).getBean(Io.class);
		Socket onB = this.clients.connect(this.nodes.get(1).getBean(IoServer.class).port(), "websocket", "/", null);
		BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
		onB.on("seq", (args) -> received.add(((Number) args[0]).intValue()));

		a.emit("seq", 0);
		assertThat(received.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo(0);

		// the master of the namespace's channel (sharded), or (classic: PUBLISH goes to every
		// node, subscriptions live on the node each client connected to) a master that holds
		// a node's subscriptions when one does
		String channel = sharded ? key + "#/#" : this.cluster.keyOfMasterSubscribedTo(key + "-request#/#");
		int cut = sharded ? 2 : RedisClusterProcesses.subscribers(this.cluster.masterOf(channel), key + "-request#/#");
		long killed = System.nanoTime();
		int master = this.cluster.failOver(channel, Duration.ofSeconds(30));
		long promoted = System.nanoTime();

		int sent = 0;
		Integer first = null;
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (first == null && System.nanoTime() < deadline) {
			a.emit("seq", ++sent);
			first = received.poll(250, TimeUnit.MILLISECONDS);
		}
		assertThat(first).as("a broadcast reached the other node after the failover").isNotNull();
		long recovered = System.nanoTime();
		for (int i = 1; i <= 20; i++) {
			a.emit("seq", sent + i);
		}
		List<Integer> after = new ArrayList<>();
		while (after.size() < 20) {
			Integer value = received.poll(TIMEOUT, TimeUnit.SECONDS);
			assertThat(value).as("broadcast " + (after.size() + 1) + " of 20 after recovery").isNotNull();
			if (value > sent) {
				after.add(value);
			}
		}
		assertThat(after).hasSize(20);
		// requests work again once every node counts and reaches the others through the new
		// topology (a node that lost a publish retries once a second): asked until answered
		long asking = System.nanoTime();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(
				() -> assertThat(a.serverSideEmitWithAck("ping-servers").get(TIMEOUT, TimeUnit.SECONDS)).hasSize(1));
		long answered = System.nanoTime();
		logger.info(String.format("Failover (%s, master %d killed, holding %d subscriptions of the nodes): replica promoted after %d ms; first broadcast "
				+ "delivered %d ms after the kill (broadcast %d of %d sent after the promotion; the %d before it "
				+ "were lost); serverSideEmitWithAck answered %d ms after that", sharded ? "sharded" : "classic", master,
				cut, (promoted - killed) / 1_000_000, (recovered - killed) / 1_000_000, first, sent, first - 1,
				(answered - asking) / 1_000_000));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, IoRedisAdapterAutoConfiguration.class,
			IoAutoConfiguration.class })
	static class Node {

		@Bean
		Pong pong() {
			return new Pong();
		}

	}

	static class Pong {

		@IoServerEvent("ping-servers")
		Map<String, Object> ping() {
			return Map.of("pong", true);
		}

	}

}
