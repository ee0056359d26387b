package dev.ioboot.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.Io;
import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.autoconfigure.IoMetricsAutoConfiguration;
import dev.ioboot.event.IoAck;
import dev.ioboot.event.IoEvent;
import dev.ioboot.server.IoRejection;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static dev.ioboot.testsupport.TestClients.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code io.*} meters of a running server, read from the application's
 * {@link MeterRegistry} (Spring Boot's {@link SimpleMeterRegistry}) while real
 * {@code io.socket:socket.io-client} clients connect, send events and disconnect.
 * Handlers and connections complete on the server's threads after the client saw their
 * effect, so meters updated there are awaited with a bounded poll.
 */
class IoMetricsIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static MeterRegistry registry;

	private static int port;

	private final TestClients clients = new TestClients();

	@BeforeAll
	static void startServer() {
		context = start();
		registry = context.getBean(MeterRegistry.class);
		port = context.getBean(IoServer.class).port();
	}

	@AfterAll
	static void stopServer() {
		context.close();
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
		// the next test starts from no connected sockets
		awaitUntil(() -> gauge("/") <= 0 && gauge("/custom") <= 0);
	}

	@Test
	void registryIsSpringBootsSimpleMeterRegistry() {
		assertThat(registry).isInstanceOf(SimpleMeterRegistry.class);
		assertThat(registry.find("io.connections").gauges()).extracting((gauge) -> gauge.getId().getTag("namespace"))
			.contains("/", "/custom");
	}

	@Test
	void connectionsGaugeFollowsTheSocketsOfEachNamespaceAndReturnsToZero() throws Exception {
		double openedRoot = count("io.connections.opened", "namespace", "/");
		double openedCustom = count("io.connections.opened", "namespace", "/custom");
		connect("/");
		connect("/");
		connect("/custom");
		awaitUntil(() -> gauge("/") == 2 && gauge("/custom") == 1);
		assertThat(count("io.connections.opened", "namespace", "/")).isEqualTo(openedRoot + 2);
		assertThat(count("io.connections.opened", "namespace", "/custom")).isEqualTo(openedCustom + 1);

		this.clients.closeAll();
		awaitUntil(() -> gauge("/") == 0 && gauge("/custom") == 0);
		assertThat(count("io.connections.opened", "namespace", "/")).isEqualTo(openedRoot + 2);
	}

	@Test
	void connectToAnUnknownNamespaceCountsARejectionWithoutANewTagPerName() throws Exception {
		double before = rejectedForNamespace();
		for (String namespace : List.of("/nope-1", "/nope-2", "/nope-3")) {
			assertThat(connectError(namespace)).contains("Invalid namespace");
		}
		awaitUntil(() -> rejectedForNamespace() == before + 3);
		assertThat(registry.find("io.connections.rejected").tag("reason", IoRejection.NAMESPACE).counters())
			.as("one counter for every unknown namespace")
			.hasSize(1)
			.allSatisfy((counter) -> assertThat(counter.getId().getTag("namespace")).isEqualTo(IoMetrics.OTHER));
		assertThat(gauge("/")).isZero();
	}

	@Test
	void everyEventIsCountedAndTimed() throws Exception {
		Socket socket = connect("/");
		double received = count("io.events.received", "namespace", "/", "event", "echo");
		long handled = timerCount("echo", "success");
		int events = 20;
		for (int i = 0; i < events; i++) {
			assertThat(ack(socket, "echo", i)).containsExactly(i);
		}
		// received events are counted on the network thread before the handler is called
		assertThat(count("io.events.received", "namespace", "/", "event", "echo")).isEqualTo(received + events);
		awaitUntil(() -> timerCount("echo", "success") == handled + events);
		assertThat(registry.find("io.handler.duration").tags("event", "echo", "outcome", "error").timer()).isNull();
	}

	@Test
	void aThrowingHandlerIsTimedAsAnError() throws Exception {
		Socket socket = connect("/");
		long failed = timerCount("boom", "error");
		long succeeded = timerCount("echo", "success");
		Object[] error = ack(socket, "boom", "x");
		assertThat(((JSONObject) error[0]).getString("error")).isEqualTo("Internal server error");
		assertThat(ack(socket, "echo", "fine")).containsExactly("fine");
		awaitUntil(() -> timerCount("boom", "error") == failed + 1 && timerCount("echo", "success") == succeeded + 1);
		assertThat(registry.find("io.handler.duration").tags("event", "boom", "outcome", "success").timer()).isNull();
		assertThat(registry.get("io.handler.duration").tags("event", "boom", "outcome", "error").timer()
			.totalTime(TimeUnit.NANOSECONDS)).isPositive();
	}

	@Test
	void sentEventsAreCountedPerRecipient() throws Exception {
		Io io = context.getBean(Io.class);
		double welcomes = count("io.events.sent", "namespace", "/", "event", "welcome");
		BlockingQueue<String> news = new LinkedBlockingQueue<>();
		List<Socket> sockets = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Socket socket = connect("/");
			socket.on("news", (args) -> news.add(socket.id() + ":" + args[0]));
			assertThat(ack(socket, "join", "red")).containsExactly(true);
			sockets.add(socket);
		}
		Socket outsider = connect("/");
		outsider.on("news", (args) -> news.add("outsider:" + args[0]));
		// socket.emit in the connection handler: one per socket
		awaitUntil(() -> count("io.events.sent", "namespace", "/", "event", "welcome") == welcomes + 4);

		double sent = count("io.events.sent", "namespace", "/", "event", "news");
		assertThat(io.to("red").emit("news", "to-red")).isEqualTo(3);
		assertThat(drain(news, 3)).containsExactlyInAnyOrderElementsOf(
				sockets.stream().map((socket) -> socket.id() + ":to-red").toList());
		assertThat(count("io.events.sent", "namespace", "/", "event", "news")).isEqualTo(sent + 3);

		assertThat(io.emitTo(outsider.id(), "news", "just-you")).isTrue();
		assertThat(drain(news, 1)).containsExactly("outsider:just-you");
		assertThat(count("io.events.sent", "namespace", "/", "event", "news")).isEqualTo(sent + 4);

		io.emit("news", "everyone");
		assertThat(drain(news, 4)).hasSize(4);
		assertThat(count("io.events.sent", "namespace", "/", "event", "news")).isEqualTo(sent + 8);
	}

	@Test
	void eventNamesBeyondTheLimitAreTaggedOther() throws Exception {
		try (ConfigurableApplicationContext capped = start("io.metrics.max-event-names=5")) {
			MeterRegistry meters = capped.getBean(MeterRegistry.class);
			Socket socket = this.clients.connect(capped.getBean(IoServer.class).port(), "websocket", "/", null);
			int distinct = 50;
			for (int i = 0; i < distinct; i++) {
				socket.emit("event-" + i);
			}
			socket.emit("x".repeat(100_000));
			// the acknowledgement comes after every earlier event of the socket was received
			assertThat(ack(socket, "echo", "last")).containsExactly("last");

			List<Counter> received = new ArrayList<>(meters.find("io.events.received").counters());
			Set<String> tags = received.stream()
				.map((counter) -> counter.getId().getTag("event"))
				.collect(Collectors.toSet());
			assertThat(tags).contains(IoMetrics.OTHER).hasSizeLessThanOrEqualTo(5 + 1);
			assertThat(tags).allSatisfy((tag) -> assertThat(tag).hasSizeLessThanOrEqualTo(100));
			assertThat(received.stream().mapToDouble(Counter::count).sum()).isEqualTo(distinct + 2);
			assertThat(meters.get("io.events.received").tag("event", IoMetrics.OTHER).counter().count())
				.isGreaterThanOrEqualTo(distinct + 2 - 5);
			// every io.* meter shares the same five names
			Set<String> everyEventTag = meters.getMeters()
				.stream()
				.map((meter) -> meter.getId().getTag("event"))
				.filter((tag) -> tag != null)
				.collect(Collectors.toSet());
			assertThat(everyEventTag).hasSizeLessThanOrEqualTo(5 + 1);
		}
	}

	private Socket connect(String namespace) throws InterruptedException {
		return this.clients.connect(port, "websocket", namespace, null);
	}

	private String connectError(String namespace) throws InterruptedException {
		BlockingQueue<String> errors = new LinkedBlockingQueue<>();
		Socket socket = this.clients.socket(port, "websocket", namespace, null);
		socket.once(Socket.EVENT_CONNECT, (args) -> errors.add("connected"));
		socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> errors.add(String.valueOf(args[0])));
		socket.connect();
		String error = errors.poll(TIMEOUT, TimeUnit.SECONDS);
		socket.close();
		return error;
	}

	private static double rejectedForNamespace() {
		return registry.find("io.connections.rejected")
			.tag("reason", IoRejection.NAMESPACE)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static double gauge(String namespace) {
		Gauge gauge = registry.find("io.connections").tag("namespace", namespace).gauge();
		return (gauge != null) ? gauge.value() : -1;
	}

	private static double count(String name, String... tags) {
		Counter counter = registry.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static long timerCount(String event, String outcome) {
		Timer timer = registry.find("io.handler.duration")
			.tags("namespace", "/", "event", event, "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static void awaitUntil(java.util.concurrent.Callable<Boolean> condition) {
		await().atMost(Duration.ofSeconds(TIMEOUT)).pollInterval(Duration.ofMillis(20)).until(condition);
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "io.namespaces=/,/custom")
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
			CompositeMeterRegistryAutoConfiguration.class, IoAutoConfiguration.class, IoMetricsAutoConfiguration.class })
	static class TestApplication {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}

	}

	/**
	 * Handlers used by the tests.
	 */
	static class Handlers {

		@IoEvent(IoEvent.CONNECTION)
		void welcome(IoSocket socket) {
			socket.emit("welcome", socket.id());
		}

		@IoEvent("echo")
		void echo(IoAck ack, Object... args) {
			ack.send(args);
		}

		@IoEvent("boom")
		void boom(String what) {
			throw new IllegalStateException("boom " + what);
		}

		@IoEvent("join")
		boolean join(IoSocket socket, String room) {
			socket.join(room);
			return true;
		}

	}

}
