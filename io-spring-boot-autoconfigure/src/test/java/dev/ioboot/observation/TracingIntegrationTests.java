package dev.ioboot.observation;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTraceContextBuilder;
import io.micrometer.tracing.test.simple.SimpleTracer;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.autoconfigure.IoObservationAutoConfiguration;
import dev.ioboot.event.IoEvent;
import dev.ioboot.server.IoServer;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static dev.ioboot.testsupport.TestClients.awaitConnect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracer behind the application's {@link ObservationRegistry} continues the trace of the
 * {@code traceparent} a client sends with its handshake, in the spans of its connection and
 * of its events: Micrometer Tracing's {@link SimpleTracer} with its propagating receiver
 * handler, over a W3C propagator small enough to read here.
 */
class TracingIntegrationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_ID = "00f067aa0ba902b7";

	private final SimpleTracer tracer = new SimpleTracer();

	private final BlockingQueue<Observation.Context> stopped = new LinkedBlockingQueue<>();

	private ConfigurableApplicationContext context;

	private Socket socket;

	@AfterEach
	void stop() {
		if (this.socket != null) {
			this.socket.close();
		}
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void eventAndConnectionSpansContinueTheHandshakesTrace() throws Exception {
		this.socket = connect("00-" + TRACE_ID + "-" + PARENT_ID + "-01");
		String id = this.socket.id();
		assertThat(ack(this.socket, "echo", "hi")).containsExactly("hi");
		awaitStopped(DefaultIoEventObservationConvention.NAME);
		this.socket.disconnect();
		awaitStopped(DefaultIoConnectionObservationConvention.NAME);

		SimpleSpan event = span("io echo");
		assertThat(event.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(event.getParentId()).isEqualTo(PARENT_ID);
		assertThat(event.getKind()).isEqualTo(Span.Kind.CONSUMER);
		assertThat(event.getTags()).containsEntry("event", "echo")
			.containsEntry("outcome", "HANDLED")
			.containsEntry("socket.id", id);
		SimpleSpan connection = span("io connection /");
		assertThat(connection.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(connection.getParentId()).isEqualTo(PARENT_ID);
		assertThat(connection.getKind()).isEqualTo(Span.Kind.SERVER);
		assertThat(connection.getTags()).containsEntry("reason", "client namespace disconnect")
			.containsEntry("socket.id", id);
	}

	@Test
	void withoutTraceparentTheSpansHaveNoParent() throws Exception {
		this.socket = connect(null);
		assertThat(ack(this.socket, "echo", "hi")).containsExactly("hi");
		awaitStopped(DefaultIoEventObservationConvention.NAME);
		SimpleSpan event = span("io echo");
		// SimpleTracer leaves the ids of a root span empty; a real tracer makes new ones
		assertThat(event.getTraceId()).isNotEqualTo(TRACE_ID);
		assertThat(event.getParentId()).isNullOrEmpty();
	}

	/**
	 * Find an ended span by name. An observation's handlers are told it stopped one after the
	 * other, so its span may be named and ended just after the observation was seen stopped:
	 * awaited.
	 */
	private SimpleSpan span(String name) {
		long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT).toNanos();
		while (true) {
			Optional<SimpleSpan> span = this.tracer.getSpans()
				.stream()
				.filter((candidate) -> name.equals(candidate.getName()) && candidate.getEndTimestamp().toEpochMilli() > 0)
				.findFirst();
			if (span.isPresent()) {
				return span.get();
			}
			assertThat(System.nanoTime()).as("a span named '" + name + "'").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	private void awaitStopped(String name) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT).toNanos();
		Observation.Context next;
		while ((next = this.stopped.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
			if (name.equals(next.getName())) {
				return;
			}
		}
		throw new AssertionError("No " + name + " observation stopped in time");
	}

	private Socket connect(String traceparent) throws InterruptedException {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new PropagatingReceiverTracingObservationHandler<>(this.tracer, new W3cPropagator()))
			.observationHandler(new StopRecorder(this.stopped));
		this.context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.initializers((app) -> app.getBeanFactory().registerSingleton("observationRegistry", registry))
			.properties("io.socket.server-options.port=0")
			.run();
		var options = IO.Options.builder()
			.setTransports(new String[] { "websocket" })
			.setReconnection(false)
			.setForceNew(true);
		if (traceparent != null) {
			options.setExtraHeaders(Map.of("traceparent", List.of(traceparent)));
		}
		int port = this.context.getBean(IoServer.class).port();
		Socket client = IO.socket(URI.create("http://127.0.0.1:" + port), options.build());
		awaitConnect(client);
		return client;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IoAutoConfiguration.class, IoObservationAutoConfiguration.class })
	static class TestApplication {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}

	}

	static class Handlers {

		@IoEvent("echo")
		Object echo(Object value) {
			return value;
		}

	}

	/**
	 * Queues the stopped observations, after the tracing handler ended their spans.
	 */
	private record StopRecorder(BlockingQueue<Observation.Context> stopped)
			implements ObservationHandler<Observation.Context> {

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	/**
	 * Reads W3C's {@code traceparent} ({@code version-traceid-parentid-flags}), for the
	 * test; applications get Brave's or OpenTelemetry's propagator from Spring Boot.
	 */
	private final class W3cPropagator implements Propagator {

		@Override
		public List<String> fields() {
			return List.of("traceparent");
		}

		@Override
		public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
		}

		@Override
		public <C> Span.Builder extract(C carrier, Getter<C> getter) {
			String traceparent = getter.get(carrier, "traceparent");
			if (traceparent == null) {
				return TracingIntegrationTests.this.tracer.spanBuilder();
			}
			String[] parts = traceparent.split("-");
			TraceContext parent = new SimpleTraceContextBuilder().traceId(parts[1])
				.spanId(parts[2])
				.sampled("01".equals(parts[3]))
				.build();
			return TracingIntegrationTests.this.tracer.spanBuilder().setParent(parent);
		}

	}

}
