package dev.ioboot.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.Io;
import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoAck;
import dev.ioboot.event.IoEvent;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static dev.ioboot.testsupport.TestClients.awaitConnect;
import static dev.ioboot.testsupport.TestClients.drain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server against the Java {@code io.socket:socket.io-client}, over both transports: the
 * handler model (arguments, acknowledgements, errors, threading) and the {@link Io} facade.
 */
class IoServerIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private final TestClients clients = new TestClients();

	@BeforeAll
	static void startServer() {
		context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "io.namespaces=/,/custom")
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
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void echoAcksWithEveryArgument(String transport) throws Exception {
		Socket socket = connect(transport, "/");
		Object[] args = ack(socket, "echo", 1, "two", new JSONObject(Map.of("three", 3)), JSONObject.NULL, 4.5, true);
		assertThat(args).hasSize(6);
		assertThat(args[0]).isEqualTo(1);
		assertThat(args[1]).isEqualTo("two");
		assertThat(((JSONObject) args[2]).getInt("three")).isEqualTo(3);
		assertThat(args[3] == null || JSONObject.NULL.equals(args[3])).as("null argument").isTrue();
		assertThat(args[4]).isEqualTo(4.5);
		assertThat(args[5]).isEqualTo(true);
		assertThat(ack(socket, "echo")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void binaryTravelsBothWays(String transport) throws Exception {
		Socket socket = connect(transport, "/");
		byte[] first = { 1, 2, 3, (byte) 255 };
		byte[] second = new byte[4096];
		for (int i = 0; i < second.length; i++) {
			second[i] = (byte) i;
		}
		Object[] echoed = ack(socket, "echo", first, "between", second);
		assertThat(echoed[0]).isEqualTo(first);
		assertThat(echoed[1]).isEqualTo("between");
		assertThat(echoed[2]).isEqualTo(second);
		Object[] reversed = ack(socket, "reverse", new byte[] { 1, 2, 3 });
		JSONObject result = (JSONObject) reversed[0];
		assertThat(result.get("bytes")).isEqualTo(new byte[] { 3, 2, 1 });
		assertThat(result.getInt("length")).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void typedParametersAreConvertedByJackson(String transport) throws Exception {
		Socket socket = connect(transport, "/");
		JSONObject point = new JSONObject(Map.of("x", 3, "y", 4));
		Object[] args = ack(socket, "distance", point, "cm");
		assertThat(args[0]).isEqualTo("5.0 cm");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void aThrowingHandlerAcksAnInternalErrorAndTheSocketStaysConnected(String transport) throws Exception {
		Socket socket = connect(transport, "/");
		Socket other = connect(transport, "/");
		Object[] args = ack(socket, "boom", "x");
		assertThat(args[0]).as("the exception's message stays on the server").hasToString(
				"{\"error\":\"Internal server error\"}");
		assertThat(socket.connected()).isTrue();
		assertThat(ack(socket, "echo", "still here")).containsExactly("still here");
		assertThat(ack(other, "echo", "unaffected")).containsExactly("unaffected");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void aReturnValueThatCannotBeWrittenAcksAnError(String transport) throws Exception {
		Socket socket = connect(transport, "/");
		Object[] args = ack(socket, "unwritable");
		assertThat(((JSONObject) args[0]).getString("error")).isEqualTo("The acknowledgement could not be written");
		assertThat(ack(socket, "echo", "still here")).containsExactly("still here");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void handlersRunOffTheNetworkThreadsInArrivalOrderPerSocket(String transport) throws Exception {
		Socket socket = connect(transport, "/");
		Socket other = connect(transport, "/");
		BlockingQueue<String> order = new LinkedBlockingQueue<>();
		CountDownLatch release = new CountDownLatch(1);
		Handlers handlers = context.getBean(Handlers.class);
		handlers.gate = release;
		socket.emit("blocking", new Object[] {}, (args) -> order.add("blocking"));
		socket.emit("thread", new Object[] {}, (args) -> order.add("thread:" + args[0]));
		// another socket is served while the first one's handler blocks
		Object[] otherThread = ack(other, "thread");
		assertThat((String) otherThread[0]).startsWith("io-handler-");
		assertThat(order).isEmpty();
		release.countDown();
		assertThat(order.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("blocking");
		assertThat(order.poll(TIMEOUT, TimeUnit.SECONDS)).startsWith("thread:io-handler-");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void connectionHandlerRunsAfterConnectAndBeforeEvents(String transport) throws Exception {
		BlockingQueue<Object> welcome = new LinkedBlockingQueue<>();
		Socket socket = socket(transport, "/");
		socket.on("welcome", (args) -> welcome.add(args[0]));
		awaitConnect(socket);
		assertThat(welcome.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo(socket.id());
		assertThat(ack(socket, "rooms")[0].toString()).contains(socket.id());
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void ioFacadeReachesRoomsExceptRoomsAndSingleSockets(String transport) throws Exception {
		Io io = context.getBean(Io.class);
		Socket a = connect(transport, "/");
		Socket b = connect(transport, "/");
		Socket c = connect(transport, "/");
		Socket custom = connect(transport, "/custom");
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		for (Socket s : List.of(a, b, c, custom)) {
			s.on("news", (args) -> received.add(s.id() + ":" + args[0]));
		}
		assertThat(ack(a, "join", "red")).containsExactly(true);
		assertThat(io.join(b.id(), "red", "blue")).isTrue();

		assertThat(io.to("red").emit("news", "to-red")).isEqualTo(2);
		assertThat(drain(received, 2)).containsExactlyInAnyOrder(a.id() + ":to-red", b.id() + ":to-red");

		io.to("red").except("blue").emit("news", "red-not-blue");
		assertThat(drain(received, 1)).containsExactly(a.id() + ":red-not-blue");

		assertThat(io.emitTo(c.id(), "news", "just-c")).isTrue();
		assertThat(drain(received, 1)).containsExactly(c.id() + ":just-c");

		io.raw("news", "raw-blue", "blue");
		assertThat(drain(received, 1)).containsExactly(b.id() + ":raw-blue");

		assertThat(io.leave(b.id(), "red")).isTrue();
		io.to("red").emit("news", "red-again");
		assertThat(drain(received, 1)).containsExactly(a.id() + ":red-again");

		io.of("/custom").emit("news", "custom-only");
		assertThat(drain(received, 1)).containsExactly(custom.id() + ":custom-only");

		io.except(a.id()).emit("news", "all-but-a");
		assertThat(drain(received, 2)).containsExactlyInAnyOrder(b.id() + ":all-but-a", c.id() + ":all-but-a");
		assertThat(io.namespaces()).containsExactly("/", "/custom");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void authPayloadIsTheHandshakeAuth(String transport) throws Exception {
		Socket socket = socket(transport, "/", Map.of("token", "abc"));
		awaitConnect(socket);
		JSONObject auth = (JSONObject) ack(socket, "auth")[0];
		assertThat(auth.getString("token")).isEqualTo("abc");
	}

	private Socket connect(String transport, String namespace) throws Exception {
		return this.clients.connect(port, transport, namespace, null);
	}

	private Socket socket(String transport, String namespace) {
		return this.clients.socket(port, transport, namespace, null);
	}

	private Socket socket(String transport, String namespace, Map<String, String> auth) {
		return this.clients.socket(port, transport, namespace, auth);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
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

		volatile CountDownLatch gate = new CountDownLatch(0);

		record Point(double x, double y) {
		}

		@IoEvent(IoEvent.CONNECTION)
		void welcome(IoSocket socket) {
			socket.emit("welcome", socket.id());
		}

		@IoEvent("echo")
		void echo(IoAck ack, Object... args) {
			ack.send(args);
		}

		@IoEvent("reverse")
		Map<String, Object> reverse(byte[] bytes) {
			byte[] reversed = new byte[bytes.length];
			for (int i = 0; i < bytes.length; i++) {
				reversed[i] = bytes[bytes.length - 1 - i];
			}
			return Map.of("bytes", reversed, "length", bytes.length);
		}

		@IoEvent("distance")
		String distance(Point point, String unit) {
			return Math.hypot(point.x(), point.y()) + " " + unit;
		}

		@IoEvent("boom")
		void boom(String what) {
			throw new IllegalStateException("boom " + what);
		}

		@IoEvent("unwritable")
		Unwritable unwritable() {
			return new Unwritable();
		}

		@IoEvent("blocking")
		String blocking() throws InterruptedException {
			this.gate.await(TIMEOUT, TimeUnit.SECONDS);
			return "released";
		}

		@IoEvent("thread")
		String thread() {
			return Thread.currentThread().getName();
		}

		@IoEvent("rooms")
		List<String> rooms(IoSocket socket) {
			List<String> rooms = new ArrayList<>(socket.rooms());
			Collections.sort(rooms);
			return rooms;
		}

		@IoEvent("join")
		boolean join(IoSocket socket, String room) {
			socket.join(room);
			return true;
		}

		@IoEvent("auth")
		Map<String, Object> auth(IoSocket socket) {
			return socket.handshake().auth();
		}

		@IoEvent(value = IoEvent.CONNECTION, namespace = "/custom")
		void customConnection(IoSocket socket) {
		}

	}

	/**
	 * A value Jackson cannot write: its only property throws.
	 */
	static class Unwritable {

		public String getValue() {
			throw new IllegalStateException("not today");
		}

	}

}
