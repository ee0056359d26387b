package dev.ioboot.event;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.FastThreadLocalThread;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.ioboot.IoContext;
import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handlers declared {@code @IoEvent(nonBlocking = true)} run on the network thread that read
 * the event, with the same rules as every handler: one event of a socket at a time in arrival
 * order, the same acknowledgements, exception handling and asynchronous results; on the pool
 * when a middleware applies. Real {@code io.socket:socket.io-client} clients.
 */
class NonBlockingHandlersIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private final TestClients clients = new TestClients();

	@BeforeAll
	static void startServer() {
		context = start(TestApplication.class);
		port = context.getBean(IoServer.class).port();
	}

	@AfterAll
	static void stopServer() {
		context.close();
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
	}

	private static ConfigurableApplicationContext start(Class<?> application) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "io.namespaces=/,/other")
			.run();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void nonBlockingHandlerRunsOnTheNetworkThreadAndBlockingOneOnThePool(String transport) throws Exception {
		Socket socket = this.clients.connect(port, transport, "/", null);
		assertThat(ack(socket, "fast-where")).containsExactly("network thread");
		assertThat(ack(socket, "pooled-where")[0].toString()).startsWith("io-handler-");
		// the bean style declares it on the class
		assertThat(ack(socket, "fast-bean")).containsExactly("network thread");
	}

	@Test
	void nonBlockingHandlerKeepsAcknowledgementsAsyncResultsAndErrors() throws Exception {
		Socket socket = this.clients.connect(port, "websocket", "/", null);
		assertThat(ack(socket, "fast-echo", "hello", 42)[0]).hasToString("[\"hello\",42]");
		assertThat(ack(socket, "fast-later", "x")).containsExactly("later:x");
		Object[] failed = ack(socket, "fast-fails");
		assertThat(failed[0]).hasToString("{\"error\":\"Internal server error\"}");
		assertThat(ack(socket, "fast-refuses")[0]).hasToString("{\"error\":\"refused\"}");
		// the socket and its network thread go on serving
		assertThat(ack(socket, "fast-echo", "again")[0]).hasToString("[\"again\"]");
	}

	@Test
	void eventArrivingWhileAnotherOfTheSocketIsHandledWaitsForItOnThePool() throws Exception {
		Order order = context.getBean(Order.class);
		order.reset();
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { "websocket" })
			.setReconnection(false)
			.build();
		Manager manager = new Manager(URI.create("http://127.0.0.1:" + port), options);
		Socket socket = manager.socket("/");
		Socket other = manager.socket("/other");
		try {
			TestClients.awaitConnect(socket);
			TestClients.awaitConnect(other);
			CompletableFuture<Object[]> slow = new CompletableFuture<>();
			CompletableFuture<Object[]> fast = new CompletableFuture<>();
			socket.emit("slow", new Object[0], slow::complete);
			assertThat(order.slowStarted.await(TIMEOUT, TimeUnit.SECONDS)).isTrue();
			socket.emit("fast-ordered", new Object[0], fast::complete);
			// same connection, written after: once the server handled this one, it read the other
			ack(other, "fast-marker");
			order.releaseSlow.countDown();
			assertThat(slow.get(TIMEOUT, TimeUnit.SECONDS)).containsExactly("slow");
			Object[] fastAnswer = fast.get(TIMEOUT, TimeUnit.SECONDS);
			assertThat(order.calls).containsExactly("slow", "fast-ordered");
			// it waited behind the blocking handler on the pool, not on the network thread
			assertThat(fastAnswer[0].toString()).startsWith("io-handler-");
			// and once nothing of the socket is pending, the next one is on the network thread again
			assertThat(ack(socket, "fast-where")).containsExactly("network thread");
		}
		finally {
			socket.close();
			other.close();
		}
	}

	@Test
	void manyEventsOfOneSocketAreHandledInArrivalOrder() throws Exception {
		Order order = context.getBean(Order.class);
		order.reset();
		Socket socket = this.clients.connect(port, "websocket", "/", null);
		List<CompletableFuture<Object[]>> answers = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 200; i++) {
			CompletableFuture<Object[]> answer = new CompletableFuture<>();
			// every tenth event blocks a little on the pool; the others may run on the network thread
			socket.emit((i % 10 == 0) ? "pooled-count" : "fast-count", new Object[] { i }, answer::complete);
			answers.add(answer);
		}
		for (int i = 0; i < answers.size(); i++) {
			assertThat(answers.get(i).get(TIMEOUT, TimeUnit.SECONDS)).containsExactly(i);
		}
		assertThat(order.counted).hasSize(200);
		for (int i = 0; i < 200; i++) {
			assertThat(order.counted.get(i)).isEqualTo(i);
		}
	}

	@Test
	void withAnEventMiddlewareNonBlockingHandlersRunOnThePool() throws Exception {
		try (ConfigurableApplicationContext withMiddleware = start(WithMiddleware.class)) {
			int otherPort = withMiddleware.getBean(IoServer.class).port();
			Socket socket = this.clients.connect(otherPort, "websocket", "/", null);
			assertThat(ack(socket, "fast-where")[0].toString()).startsWith("io-handler-");
			assertThat(withMiddleware.getBean(SeenByMiddleware.class).events).contains("fast-where");
		}
	}

	@Test
	void withMiddlewaresAndListenersThatDoNotBlockEitherTheyAllRunOnTheNetworkThread() throws Exception {
		try (ConfigurableApplicationContext nonBlocking = start(WithNonBlockingInterceptors.class)) {
			int otherPort = nonBlocking.getBean(IoServer.class).port();
			Socket socket = this.clients.connect(otherPort, "websocket", "/", null);
			assertThat(ack(socket, "fast-where")).containsExactly("network thread");
			assertThat(nonBlocking.getBean(NonBlockingListener.class).seen).containsExactly("fast-where:network thread");
			assertThat(nonBlocking.getBean(NonBlockingMiddleware.class).seen).containsExactly("fast-where:network thread");
			// a middleware refusing on the network thread: the client gets its error event, no ack
			CompletableFuture<Object[]> error = new CompletableFuture<>();
			socket.once("error", error::complete);
			socket.emit("fast-echo", new Object[] { "refuse" }, (args) -> error.complete(new Object[] { "ack" }));
			assertThat(error.get(TIMEOUT, TimeUnit.SECONDS)[0]).hasToString("{\"message\":\"refused here\"}");
			assertThat(nonBlocking.getBean(NonBlockingMiddleware.class).seen).last().isEqualTo("fast-echo:network thread");
		}
	}

	private static String where() {
		// Netty's event loops run on its own thread type; the handler pool's are plain threads
		Thread thread = Thread.currentThread();
		return (thread instanceof FastThreadLocalThread) ? "network thread" : thread.getName();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class TestApplication {

		@Bean
		Handlers handlers(Order order) {
			return new Handlers(order);
		}

		@Bean
		Order order() {
			return new Order();
		}

		@Bean
		FastBean fastBean() {
			return new FastBean();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(TestApplication.class)
	static class WithMiddleware {

		@Bean
		SeenByMiddleware seenByMiddleware() {
			return new SeenByMiddleware();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(TestApplication.class)
	static class WithNonBlockingInterceptors {

		@Bean
		NonBlockingMiddleware nonBlockingMiddleware() {
			return new NonBlockingMiddleware();
		}

		@Bean
		NonBlockingListener nonBlockingListener() {
			return new NonBlockingListener();
		}

	}

	static class NonBlockingMiddleware implements IoEventMiddleware {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Override
		public void onEvent(IoSocket socket, String event, List<Object> args) {
			this.seen.add(event + ":" + where());
			if (args.contains("refuse")) {
				throw new IoEventException("refused here");
			}
		}

		@Override
		public boolean isNonBlocking() {
			return true;
		}

	}

	static class NonBlockingListener implements IoAnyListener {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Override
		public void onEvent(IoSocket socket, String event, List<Object> args) {
			this.seen.add(event + ":" + where());
		}

		@Override
		public boolean isNonBlocking() {
			return true;
		}

	}

	static class SeenByMiddleware implements IoEventMiddleware {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void onEvent(IoSocket socket, String event, List<Object> args) {
			this.events.add(event);
		}

	}

	@IoEvent(value = "fast-bean", nonBlocking = true)
	static class FastBean implements IoEventHandler {

		@Override
		public Object handle(IoContext ctx, IoSocket socket, Object... args) {
			return where();
		}

	}

	static class Order {

		final List<String> calls = new CopyOnWriteArrayList<>();

		final List<Integer> counted = new CopyOnWriteArrayList<>();

		volatile CountDownLatch slowStarted = new CountDownLatch(1);

		volatile CountDownLatch releaseSlow = new CountDownLatch(1);

		void reset() {
			this.calls.clear();
			this.counted.clear();
			this.slowStarted = new CountDownLatch(1);
			this.releaseSlow = new CountDownLatch(1);
		}

	}

	static class Handlers {

		private final Order order;

		Handlers(Order order) {
			this.order = order;
		}

		@IoEvent(value = "fast-where", nonBlocking = true)
		String fastWhere() {
			return where();
		}

		@IoEvent("pooled-where")
		String pooledWhere() {
			return where();
		}

		@IoEvent(value = "fast-echo", nonBlocking = true)
		Object[] fastEcho(Object... args) {
			return args;
		}

		@IoEvent(value = "fast-later", nonBlocking = true)
		CompletableFuture<String> fastLater(String value) {
			return CompletableFuture.supplyAsync(() -> "later:" + value);
		}

		@IoEvent(value = "fast-fails", nonBlocking = true)
		String fastFails() {
			throw new IllegalStateException("internal detail that must not reach the client");
		}

		@IoEvent(value = "fast-refuses", nonBlocking = true)
		String fastRefuses() {
			throw new IoEventException("refused");
		}

		@IoEvent("slow")
		String slow() throws InterruptedException {
			Order order = this.order;
			order.slowStarted.countDown();
			assertThat(order.releaseSlow.await(TIMEOUT, TimeUnit.SECONDS)).isTrue();
			order.calls.add("slow");
			return "slow";
		}

		@IoEvent(value = "fast-ordered", nonBlocking = true)
		String fastOrdered() {
			this.order.calls.add("fast-ordered");
			return where();
		}

		@IoEvent(value = "fast-marker", namespace = "/other", nonBlocking = true)
		boolean marker() {
			return true;
		}

		@IoEvent(value = "fast-count", nonBlocking = true)
		int fastCount(int index) {
			this.order.counted.add(index);
			return index;
		}

		@IoEvent("pooled-count")
		int pooledCount(int index) throws InterruptedException {
			// a little blocking, as a JDBC call would
			Thread.sleep(1);
			this.order.counted.add(index);
			return index;
		}

	}

}
