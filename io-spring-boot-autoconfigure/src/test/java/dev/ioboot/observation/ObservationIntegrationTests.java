package dev.ioboot.observation;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.ioboot.Io;
import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.autoconfigure.IoObservationAutoConfiguration;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventDispatcher;
import dev.ioboot.event.IoEventHandling;
import dev.ioboot.event.IoExceptionHandler;
import dev.ioboot.event.IoHandlerDecorator;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code io.event} and {@code io.connection} observations and the MDC of a running
 * server, recorded by a {@link TestObservationRegistry} bean while real
 * {@code io.socket:socket.io-client} clients connect, send events and disconnect.
 * Observations end on the server's threads after the client saw the acknowledgement: their
 * stops are awaited through an {@link ObservationHandler} that queues them.
 */
class ObservationIntegrationTests {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private static ConfigurableApplicationContext context;

	private static TestObservationRegistry registry;

	private static final BlockingQueue<Observation.Context> started = new LinkedBlockingQueue<>();

	private static final BlockingQueue<Observation.Context> stopped = new LinkedBlockingQueue<>();

	private static final BlockingQueue<Map<String, String>> mdcAfterCalls = new LinkedBlockingQueue<>();

	private static final BlockingQueue<Map<String, String>> loggedMdc = new LinkedBlockingQueue<>();

	private static int port;

	private final TestClients clients = new TestClients();

	private final List<Socket> traced = new java.util.ArrayList<>();

	@BeforeAll
	static void startServer() {
		context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			// no logging.pattern.console here: Boot keeps it in a system property, which would
			// change the log lines of every later test of this JVM
			.properties("io.socket.server-options.port=0", "io.namespaces=/,/custom")
			.run();
		registry = context.getBean(TestObservationRegistry.class);
		port = context.getBean(IoServer.class).port();
	}

	@AfterAll
	static void stopServer() {
		context.close();
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
		this.traced.forEach(Socket::close);
	}

	@Test
	void aHandledEventIsObservedWithItsKeyValues() throws Exception {
		Socket socket = connect("/custom", null);
		assertThat(ack(socket, "echo", "hello")).containsExactly("hello");
		Observation.Context event = awaitStopped(eventOf(socket, "echo"));
		assertThat(event).isInstanceOf(IoEventContext.class);
		assertThat(event.getName()).isEqualTo("io.event");
		assertThat(event.getContextualName()).isEqualTo("io echo");
		assertThat(event.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(KeyValue.of("namespace", "/custom"),
				KeyValue.of("event", "echo"), KeyValue.of("outcome", "HANDLED"));
		assertThat(event.getHighCardinalityKeyValue("socket.id").getValue()).isEqualTo(socket.id());
		assertThat(event.getError()).isNull();
	}

	@Test
	void aThrowingHandlerIsObservedAsFailedWithItsError() throws Exception {
		Socket socket = connect("/", null);
		Object[] answer = ack(socket, "boom", "x");
		assertThat(((JSONObject) answer[0]).getString("error")).isEqualTo("Internal server error");
		Observation.Context event = awaitStopped(eventOf(socket, "boom"));
		assertThat(event.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("FAILED");
		assertThat(event.getError()).isInstanceOf(IllegalStateException.class).hasMessage("boom x");
		assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("io.event")
			.hasLowCardinalityKeyValue("event", "boom")
			.hasLowCardinalityKeyValue("outcome", "FAILED")
			.hasError());
	}

	@Test
	void anAsynchronousResultIsObservedUntilItCompletes() throws Exception {
		Socket socket = connect("/", null);
		Handlers handlers = context.getBean(Handlers.class);
		CompletableFuture<Object[]> answer = new CompletableFuture<>();
		socket.emit("later", new Object[] { "slow" }, answer::complete);
		CompletableFuture<String> result = handlers.pending.poll(TIMEOUT, TimeUnit.SECONDS);
		assertThat(result).isNotNull();
		// the handler returned: its observation is still going on
		assertThat(stopped.stream().anyMatch(eventOf(socket, "later"))).isFalse();
		assertThat(started.stream().filter(eventOf(socket, "later"))).singleElement()
			.satisfies((context) -> assertThat(context.getLowCardinalityKeyValue("outcome").getValue())
				.isEqualTo("UNKNOWN"));
		result.completeExceptionally(new IllegalArgumentException("too slow"));
		assertThat(answer.get(TIMEOUT, TimeUnit.SECONDS)).containsExactly("handled: too slow");
		Observation.Context event = awaitStopped(eventOf(socket, "later"));
		assertThat(event.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("FAILED");
		assertThat(event.getError()).isInstanceOf(IllegalArgumentException.class);
		// the exception handler ran on this thread, inside the decorators, with the MDC
		assertThat(handlers.mdc.poll(TIMEOUT, TimeUnit.SECONDS)).containsEntry("io.socket.id", socket.id())
			.containsEntry("io.event", "later");
		assertThat(MDC.get("io.socket.id")).isNull();
	}

	@Test
	void theHandshakesTraceparentIsTheCarrierOfBothObservations() throws Exception {
		Socket socket = connect("/", TRACEPARENT);
		assertThat(ack(socket, "echo", 1)).containsExactly(1);
		Observation.Context event = awaitStopped(eventOf(socket, "echo"));
		assertThat(traceparent(event)).isEqualTo(TRACEPARENT);
		assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("io.connection")
			.hasHighCardinalityKeyValue("socket.id", socket.id()));
		assertThat(started.stream().filter(connectionOf(socket.id()))).singleElement()
			.satisfies((connection) -> assertThat(traceparent(connection)).isEqualTo(TRACEPARENT));
	}

	@Test
	void withoutTraceparentTheCarrierHasNone() throws Exception {
		Socket socket = connect("/", null);
		assertThat(ack(socket, "echo", 1)).containsExactly(1);
		assertThat(traceparent(awaitStopped(eventOf(socket, "echo")))).isNull();
	}

	@Test
	void aConnectionIsObservedUntilItsSocketDisconnectsWithTheReason() throws Exception {
		Socket socket = connect("/custom", null);
		String id = socket.id();
		assertThat(ack(socket, "echo", 1)).containsExactly(1);
		assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("io.connection")
			.hasHighCardinalityKeyValue("socket.id", id)
			.hasLowCardinalityKeyValue("reason", "none"));
		assertThat(stopped.stream().anyMatch(connectionOf(id))).isFalse();
		socket.disconnect();
		Observation.Context connection = awaitStopped(connectionOf(id));
		assertThat(connection).isInstanceOf(IoConnectionContext.class);
		assertThat(connection.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
				KeyValue.of("namespace", "/custom"), KeyValue.of("reason", "client namespace disconnect"));
	}

	@Test
	void aSocketTheServerDisconnectsEndsWithTheServersReason() throws Exception {
		Socket socket = connect("/", null);
		String id = socket.id();
		context.getBean(Io.class).socket("/", id).orElseThrow().disconnect();
		Observation.Context connection = awaitStopped(connectionOf(id));
		assertThat(connection.getLowCardinalityKeyValue("reason").getValue()).isEqualTo("server namespace disconnect");
	}

	@Test
	void handlersLogWithTheSocketNamespaceAndEventInTheMdc() throws Exception {
		Socket socket = connect("/custom", null);
		assertThat(ack(socket, "log", "note")).containsExactly(true);
		// what a log pattern with %X{io.socket.id}, %X{io.namespace} and %X{io.event} prints
		Map<String, String> mdc = loggedMdc.poll(TIMEOUT, TimeUnit.SECONDS);
		assertThat(mdc).containsEntry("io.socket.id", socket.id())
			.containsEntry("io.namespace", "/custom")
			.containsEntry("io.event", "log");
		awaitStopped(eventOf(socket, "log"));
	}

	@Test
	void theMdcIsClearedAfterEachCall() throws Exception {
		mdcAfterCalls.clear();
		Socket socket = connect("/", null);
		assertThat(ack(socket, "echo", 1)).containsExactly(1);
		awaitStopped(eventOf(socket, "echo"));
		Map<String, String> after = mdcAfterCalls.poll(TIMEOUT, TimeUnit.SECONDS);
		assertThat(after).doesNotContainKeys(MdcHandlerDecorator.SOCKET_ID, MdcHandlerDecorator.NAMESPACE,
				MdcHandlerDecorator.EVENT);
	}

	private Socket connect(String namespace, String traceparent) throws InterruptedException {
		if (traceparent == null) {
			return this.clients.connect(port, "websocket", namespace, null);
		}
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { "websocket" })
			.setReconnection(false)
			.setForceNew(true)
			.setExtraHeaders(Map.of("traceparent", List.of(traceparent)))
			.build();
		Socket socket = IO.socket(URI.create("http://127.0.0.1:" + port + namespace), options);
		this.traced.add(socket);
		TestClients.awaitConnect(socket);
		return socket;
	}

	private static String traceparent(Observation.Context context) {
		@SuppressWarnings("unchecked")
		ReceiverContext<Object> receiver = (ReceiverContext<Object>) context;
		return receiver.getGetter().get(receiver.getCarrier(), "traceparent");
	}

	private static Predicate<Observation.Context> eventOf(Socket socket, String event) {
		String id = socket.id();
		return (context) -> context instanceof IoEventContext io && io.getEvent().equals(event)
				&& io.getSocket() != null && io.getSocket().id().equals(id);
	}

	private static Predicate<Observation.Context> connectionOf(String id) {
		return (context) -> context instanceof IoConnectionContext io && io.getSocket().id().equals(id);
	}

	private static Observation.Context awaitStopped(Predicate<Observation.Context> which) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT).toNanos();
		while (System.nanoTime() < deadline) {
			for (Observation.Context context : stopped) {
				if (which.test(context)) {
					return context;
				}
			}
			Observation.Context next = stopped.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (next != null) {
				// put back: the loop looks at every stopped context
				stopped.add(next);
				if (which.test(next)) {
					return next;
				}
			}
		}
		throw new AssertionError("No such observation stopped in time");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IoAutoConfiguration.class, IoObservationAutoConfiguration.class })
	static class TestApplication {

		@Bean
		TestObservationRegistry observationRegistry() {
			TestObservationRegistry registry = TestObservationRegistry.create();
			registry.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public void onStart(Observation.Context context) {
					started.add(context);
				}

				@Override
				public void onStop(Observation.Context context) {
					stopped.add(context);
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			});
			return registry;
		}

		@Bean
		Handlers handlers() {
			return new Handlers();
		}

		@Bean
		IoHandlerDecorator mdcProbe() {
			return new MdcProbe();
		}

	}

	/**
	 * Outermost: sees the MDC a handler thread is left with.
	 */
	static class MdcProbe implements IoHandlerDecorator, Ordered {

		@Override
		public Runnable decorate(IoSocket socket, Runnable call) {
			return call;
		}

		@Override
		public Runnable decorate(IoEventHandling handling, Runnable call) {
			return () -> {
				call.run();
				Map<String, String> mdc = MDC.getCopyOfContextMap();
				mdcAfterCalls.add((mdc != null) ? mdc : Map.of());
			};
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	/**
	 * Handlers used by the tests.
	 */
	static class Handlers {

		private static final Log logger = LogFactory.getLog(Handlers.class);

		final BlockingQueue<CompletableFuture<String>> pending = new LinkedBlockingQueue<>();

		final BlockingQueue<Map<String, String>> mdc = new LinkedBlockingQueue<>();

		@IoEvent(value = "echo", namespace = "/")
		Object echo(Object value) {
			return value;
		}

		@IoEvent(value = "echo", namespace = "/custom")
		Object echoCustom(Object value) {
			return value;
		}

		@IoEvent("boom")
		Object boom(String what) {
			throw new IllegalStateException("boom " + what);
		}

		@IoEvent("later")
		CompletableFuture<String> later(String what) {
			CompletableFuture<String> result = new CompletableFuture<>();
			this.pending.add(result);
			return result;
		}

		@IoEvent(value = "log", namespace = "/custom")
		boolean log(String what) {
			logger.info("Logging " + what);
			loggedMdc.add(MDC.getCopyOfContextMap());
			return true;
		}

		@IoExceptionHandler(IllegalArgumentException.class)
		String handled(IllegalArgumentException ex) {
			this.mdc.add(MDC.getCopyOfContextMap());
			return "handled: " + ex.getMessage();
		}

	}

}
