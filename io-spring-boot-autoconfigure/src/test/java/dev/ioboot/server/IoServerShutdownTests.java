package dev.ioboot.server;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.Socket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoEvent;
import dev.ioboot.testsupport.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application stops the server gracefully: a handler that is running finishes
 * and its acknowledgement reaches the client, new events are refused (those of non-blocking
 * handlers too), then the client receives a DISCONNECT and the application's disconnect
 * handler runs.
 */
class IoServerShutdownTests {

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void inFlightHandlerFinishesAndClientIsToldToDisconnect(String transport) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "io.shutdown-grace-period=20s")
			.run();
		IoServer server = context.getBean(IoServer.class);
		SlowHandler handler = context.getBean(SlowHandler.class);
		TestClients clients = new TestClients();
		Socket other = clients.connect(server.port(), transport, "/", null);
		Socket socket = clients.socket(server.port(), transport, "/", null);
		BlockingQueue<Object> events = new LinkedBlockingQueue<>();
		socket.on(Socket.EVENT_DISCONNECT, (args) -> events.add("disconnect:" + args[0]));
		TestClients.awaitConnect(socket);
		try {
			CompletableFuture<Object[]> ack = new CompletableFuture<>();
			socket.emit("slow", new Object[] {}, ack::complete);
			assertThat(handler.started.await(10, TimeUnit.SECONDS)).isTrue();

			CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
			await().atMost(Duration.ofSeconds(10)).until(() -> !server.isRunning());
			assertThat(ack).isNotDone();
			// a stopping server refuses new events, pooled or not, while the running one finishes
			assertThat(TestClients.ack(other, "pooled")[0]).hasToString("{\"error\":\"Server is shutting down\"}");
			assertThat(TestClients.ack(other, "fast")[0]).hasToString("{\"error\":\"Server is shutting down\"}");
			assertThat(handler.refusedRan).as("refused events never reach their handler").isZero();
			handler.release.countDown();

			assertThat(ack.get(10, TimeUnit.SECONDS)).containsExactly("finished");
			assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnect:io server disconnect");
			closed.get(20, TimeUnit.SECONDS);
			assertThat(handler.disconnected.getNow("not called")).as("the disconnect handler ran during the stop")
				.isEqualTo("server namespace disconnect");
		}
		finally {
			clients.closeAll();
			context.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class App {

		@Bean
		SlowHandler slowHandler() {
			return new SlowHandler();
		}

	}

	static class SlowHandler {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final CompletableFuture<String> disconnected = new CompletableFuture<>();

		@IoEvent(IoEvent.DISCONNECT)
		void disconnect(String reason) {
			this.disconnected.complete(reason);
		}

		volatile int refusedRan;

		@IoEvent("pooled")
		String pooled() {
			this.refusedRan++;
			return "handled";
		}

		@IoEvent(value = "fast", nonBlocking = true)
		String fast() {
			this.refusedRan++;
			return "handled";
		}

		@IoEvent("slow")
		String slow() throws InterruptedException {
			this.started.countDown();
			this.release.await(15, TimeUnit.SECONDS);
			return "finished";
		}

	}

}
