package dev.ioboot.server;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.ioboot.IoConnectException;
import dev.ioboot.IoMiddleware;
import dev.ioboot.IoPrincipal;
import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoEvent;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static dev.ioboot.testsupport.LogOutput.occurrences;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IoMiddleware} beans at CONNECT, against the Java {@code socket.io-client}: run in
 * order after the principal is known, attach data and rooms, refuse with a message and data
 * the client receives in {@code connect_error}.
 */
@ExtendWith(OutputCaptureExtension.class)
class MiddlewareIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private final TestClients clients = new TestClients();

	@BeforeAll
	static void startServer() {
		context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0")
			.run();
		port = context.getBean(IoServer.class).port();
	}

	@AfterAll
	static void stopServer() {
		context.close();
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
		context.getBean(Calls.class).clear();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void middlewaresRunInOrderAndTheirDataReachesHandlers(String transport) throws Exception {
		Socket socket = this.clients.socket(port, transport, "/", Map.of("tenant", "acme"));
		BlockingQueue<String> early = new LinkedBlockingQueue<>();
		socket.on("early", (args) -> early.add("early"));
		TestClients.awaitConnect(socket);
		JSONObject whoami = (JSONObject) ack(socket, "whoami")[0];
		assertThat(whoami.getString("tenant")).isEqualTo("acme");
		assertThat(whoami.getString("principal")).as("the principal was known to the middlewares").isEqualTo("alice");
		assertThat(whoami.getJSONArray("rooms").toString()).contains("\"tenant-acme\"");
		assertThat(context.getBean(Calls.class)).containsExactly("tenant", "gate");
		assertThat(early).as("what a middleware emits before the socket is connected is dropped").isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void refusalReachesTheClientWithItsMessageAndData(String transport) throws Exception {
		Socket socket = this.clients.socket(port, transport, "/", Map.of("tenant", "shady", "banned", "yes"));
		JSONObject error = connectError(socket);
		assertThat(error.getString("message")).isEqualTo("Banned");
		assertThat(error.getJSONObject("data").getString("until")).isEqualTo("tomorrow");
		assertThat(context.getBean(IoServer.class).rooms("/")).as("the room the first middleware joined was left")
			.doesNotContain("tenant-shady");
		Socket next = this.clients.connect(port, transport, "/", Map.of("tenant", "acme"));
		assertThat(((JSONObject) ack(next, "whoami")[0]).getString("tenant")).isEqualTo("acme");
	}

	@Test
	void failingMiddlewareRefusesWithAnInternalErrorLoggedOnce(CapturedOutput output) throws Exception {
		Socket socket = this.clients.socket(port, "websocket", "/", Map.of("tenant", "acme", "crash", "yes"));
		assertThat(connectError(socket).getString("message")).isEqualTo("Internal server error");
		assertThat(occurrences(output.getAll(), "Middleware " + Gate.class.getName() + " failed")).as("logged once")
			.isOne();
		assertThat(output.getAll()).contains("IllegalStateException: gate crashed");
		Socket next = this.clients.connect(port, "websocket", "/", Map.of("tenant", "acme"));
		assertThat(next.connected()).isTrue();
	}

	private static JSONObject connectError(Socket socket) throws InterruptedException {
		BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
		socket.once(Socket.EVENT_CONNECT, (args) -> outcome.add("connected"));
		socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> outcome.add(args[0]));
		socket.connect();
		Object result = outcome.poll(TIMEOUT, TimeUnit.SECONDS);
		assertThat(result).isInstanceOf(JSONObject.class);
		return (JSONObject) result;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class App {

		@Bean
		Calls calls() {
			return new Calls();
		}

		@Bean
		IoPrincipalResolver principals() {
			return (handshake) -> IoPrincipal.user("test", "alice", Set.of("user"), Map.of());
		}

		@Bean
		@Order(2)
		Gate gate(Calls calls) {
			return new Gate(calls);
		}

		@Bean
		@Order(1)
		IoMiddleware tenant(Calls calls) {
			return (socket) -> {
				calls.add("tenant");
				String tenant = (String) socket.handshake().auth().get("tenant");
				socket.set("tenant", tenant);
				socket.join("tenant-" + tenant);
				socket.emit("early", "too soon");
			};
		}

		@Bean
		WhoAmI whoAmI() {
			return new WhoAmI();
		}

	}

	static class Calls extends CopyOnWriteArrayList<String> {

	}

	static class Gate implements IoMiddleware {

		private final Calls calls;

		Gate(Calls calls) {
			this.calls = calls;
		}

		@Override
		public void connect(IoSocket socket) {
			this.calls.add("gate");
			assertThat((String) socket.get("tenant")).as("the earlier middleware ran first").isNotNull();
			if ("yes".equals(socket.handshake().auth().get("crash"))) {
				throw new IllegalStateException("gate crashed");
			}
			if (!"alice".equals(socket.principal().name()) || "yes".equals(socket.handshake().auth().get("banned"))) {
				throw new IoConnectException("Banned", Map.of("until", "tomorrow"));
			}
		}

	}

	static class WhoAmI {

		@IoEvent("whoami")
		Map<String, Object> whoami(IoSocket socket) {
			return Map.of("tenant", socket.get("tenant"), "principal", socket.principal().name(), "rooms",
					List.copyOf(socket.rooms()));
		}

	}

}
