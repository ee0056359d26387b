package dev.ioboot.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

import dev.ioboot.Io;
import dev.ioboot.IoConnectException;
import dev.ioboot.IoMiddleware;
import dev.ioboot.IoNamespace;
import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoAnyListener;
import dev.ioboot.event.IoAnyOutgoingListener;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventException;
import dev.ioboot.event.IoEventMiddleware;
import dev.ioboot.testsupport.RawEngineIoClient;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.LogOutput.occurrences;
import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket API around handlers, against the Java {@code socket.io-client}: event
 * middlewares, catch-all listeners both ways, {@code disconnecting} and {@code disconnect} with
 * socket.io's reasons, {@code @IoNamespace} scopes, and dynamic namespace groups.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketApiIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private final TestClients clients = new TestClients();

	@BeforeAll
	static void startServer() {
		context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "io.namespaces=/,/admin",
					"io.dynamic-namespaces.tenants=/tenant-\\d+")
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
		context.getBean(Seen.class).clear();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void middlewareRefusesAnEventWithAnErrorEventAndNoAcknowledgement(String transport) throws Exception {
		Socket socket = this.clients.socket(port, transport, "/", null);
		BlockingQueue<Object> errors = new LinkedBlockingQueue<>();
		socket.on("error", (args) -> errors.add(args[0]));
		TestClients.awaitConnect(socket);
		BlockingQueue<Object> acks = new LinkedBlockingQueue<>();
		socket.emit("forbidden-thing", new Object[] { 1 }, (args) -> acks.add(args));
		JSONObject error = (JSONObject) errors.poll(TIMEOUT, TimeUnit.SECONDS);
		assertThat(error).isNotNull();
		assertThat(error.getString("message")).isEqualTo("Event forbidden-thing is not allowed");
		// events of a socket are handled in order: once this ack is here, the refused one would have come first
		assertThat(ack(socket, "echo", "after")[0]).isEqualTo("after");
		assertThat(acks).as("a refused event is not acknowledged").isEmpty();
		assertThat(context.getBean(Seen.class)).as("like socket.onAny, the catch-all listener runs before middlewares")
			.contains("in / forbidden-thing [1]");
	}

	@Test
	void middlewareMayChangeTheArguments() throws Exception {
		Socket socket = this.clients.connect(port, "websocket", "/", null);
		assertThat(ack(socket, "echo", "shout: hello")[0]).isEqualTo("SHOUT: HELLO");
	}

	@Test
	void failingMiddlewareRefusesWithAnInternalErrorLoggedOnce(CapturedOutput output) throws Exception {
		Socket socket = this.clients.socket(port, "websocket", "/", null);
		BlockingQueue<Object> errors = new LinkedBlockingQueue<>();
		socket.on("error", (args) -> errors.add(args[0]));
		TestClients.awaitConnect(socket);
		socket.emit("crash-middleware");
		JSONObject error = (JSONObject) errors.poll(TIMEOUT, TimeUnit.SECONDS);
		assertThat(error.getString("message")).isEqualTo("Internal server error");
		assertThat(occurrences(output.getAll(), "Event middleware " + Gate.class.getName() + " failed")).isOne();
		assertThat(output.getAll()).doesNotContain("secret-detail\"");
		assertThat(ack(socket, "echo", "still served")[0]).isEqualTo("still served");
	}

	@Test
	void catchAllListenersSeeIncomingAndOutgoingEvents() throws Exception {
		Socket socket = this.clients.connect(port, "websocket", "/", null);
		BlockingQueue<String> pushed = new LinkedBlockingQueue<>();
		socket.on("pushed", (args) -> pushed.add(String.valueOf(args[0])));
		ack(socket, "echo", "one", 2);
		context.getBean(Io.class).emit("pushed", "to all");
		assertThat(pushed.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("to all");
		Seen seen = context.getBean(Seen.class);
		assertThat(seen).contains("in / echo [one, 2]", "out / pushed [to all]");
	}

	@Test
	void disconnectingSeesTheRoomsAndDisconnectDoesNot() throws Exception {
		Socket socket = this.clients.connect(port, "websocket", "/", null);
		String id = socket.id();
		ack(socket, "join", "lobby");
		socket.disconnect();
		Seen seen = context.getBean(Seen.class);
		assertThat(seen.await("disconnect " + id)).isEqualTo("disconnect " + id + " client namespace disconnect rooms []");
		assertThat(seen.await("disconnecting " + id)).isEqualTo(
				"disconnecting " + id + " client namespace disconnect rooms [io-role-public, " + id + ", lobby]");
	}

	@Test
	void serverDisconnectGivesItsReason() throws Exception {
		Socket socket = this.clients.connect(port, "websocket", "/", null);
		String id = socket.id();
		context.getBean(Io.class).socket("/", id).orElseThrow().disconnect();
		assertThat(context.getBean(Seen.class).await("disconnect " + id))
			.startsWith("disconnect " + id + " server namespace disconnect");
	}

	@Test
	void connectionClosedByTheClientIsATransportClose() throws Exception {
		RawEngineIoClient raw = new RawEngineIoClient(port);
		try {
			RawEngineIoClient.RawWebSocket webSocket = raw.webSocket();
			String id = new JSONObject(webSocket.connect("40").substring(2)).getString("sid");
			// an Engine.IO close packet, as socket.io-client's socket.io.engine.close() sends
			webSocket.send("1");
			assertThat(context.getBean(Seen.class).await("disconnect " + id))
				.startsWith("disconnect " + id + " transport close");
		}
		finally {
			raw.shutdown();
		}
	}

	@Test
	void droppedConnectionIsATransportClose() throws Exception {
		RawEngineIoClient raw = new RawEngineIoClient(port);
		try {
			RawEngineIoClient.RawWebSocket webSocket = raw.webSocket();
			String id = new JSONObject(webSocket.connect("40").substring(2)).getString("sid");
			webSocket.abort();
			assertThat(context.getBean(Seen.class).await("disconnect " + id))
				.startsWith("disconnect " + id + " transport close");
		}
		finally {
			raw.shutdown();
		}
	}

	@Test
	void namespaceScopedMiddlewareAppliesToItsNamespaceOnly() throws Exception {
		Socket root = this.clients.connect(port, "websocket", "/", null);
		assertThat(ack(root, "echo", "admin-only")[0]).isEqualTo("admin-only");
		Socket admin = this.clients.socket(port, "websocket", "/admin", null);
		BlockingQueue<Object> errors = new LinkedBlockingQueue<>();
		admin.on("error", (args) -> errors.add(args[0]));
		TestClients.awaitConnect(admin);
		admin.emit("echo", "admin-only");
		assertThat(((JSONObject) errors.poll(TIMEOUT, TimeUnit.SECONDS)).getString("message"))
			.isEqualTo("Not on /admin");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void dynamicNamespaceGroupServesEachOfItsNamespaces(String transport) throws Exception {
		Socket tenant42 = this.clients.connect(port, transport, "/tenant-42", Map.of("key", "k42"));
		JSONObject where = (JSONObject) ack(tenant42, "where")[0];
		assertThat(where.getString("namespace")).isEqualTo("/tenant-42");
		assertThat(where.getString("group")).isEqualTo("tenants");
		assertThat(where.getString("key")).as("the group's connect middleware ran").isEqualTo("k42");
		Socket tenant7 = this.clients.connect(port, transport, "/tenant-7", Map.of("key", "k7"));
		BlockingQueue<String> news42 = new LinkedBlockingQueue<>();
		BlockingQueue<String> news7 = new LinkedBlockingQueue<>();
		tenant42.on("news", (args) -> news42.add(String.valueOf(args[0])));
		tenant7.on("news", (args) -> news7.add(String.valueOf(args[0])));
		context.getBean(Io.class).of("/tenant-7").emit("news", "for 7");
		assertThat(news7.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("for 7");
		assertThat(ack(tenant42, "where")).as("tenant 42 is still served after 7's news").isNotEmpty();
		assertThat(news42).isEmpty();
		assertThat(context.getBean(Io.class).namespaces()).contains("/tenant-42", "/tenant-7");
	}

	@Test
	void namespaceOutsideEveryGroupIsInvalid() throws Exception {
		Socket socket = this.clients.socket(port, "websocket", "/tenant-x", null);
		BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
		socket.once(Socket.EVENT_CONNECT, (args) -> outcome.add("connected"));
		socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> outcome.add(args[0]));
		socket.connect();
		Object result = outcome.poll(TIMEOUT, TimeUnit.SECONDS);
		assertThat(result).isInstanceOf(JSONObject.class);
		assertThat(((JSONObject) result).getString("message")).isEqualTo("Invalid namespace");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class App {

		@Bean
		Seen seen() {
			return new Seen();
		}

		@Bean
		@Order(1)
		Gate gate() {
			return new Gate();
		}

		@Bean
		@Order(2)
		IoEventMiddleware shout() {
			return (socket, event, args) -> {
				if (!args.isEmpty() && args.get(0) instanceof String text && text.startsWith("shout: ")) {
					args.set(0, text.toUpperCase());
				}
			};
		}

		@Bean
		AdminGate adminGate() {
			return new AdminGate();
		}

		@Bean
		TenantKey tenantKey() {
			return new TenantKey();
		}

		@Bean
		IoAnyListener incoming(Seen seen) {
			return (socket, event, args) -> seen.add("in " + socket.namespace() + " " + event + " " + args);
		}

		@Bean
		IoAnyOutgoingListener outgoing(Seen seen) {
			return (socket, event, args) -> seen.add("out " + socket.namespace() + " " + event + " " + args);
		}

		@Bean
		Handlers handlers(Seen seen) {
			return new Handlers(seen);
		}

	}

	static class Gate implements IoEventMiddleware {

		@Override
		public void onEvent(IoSocket socket, String event, List<Object> args) {
			if (event.startsWith("forbidden")) {
				throw new IoEventException("Event " + event + " is not allowed");
			}
			if (event.equals("crash-middleware")) {
				throw new IllegalStateException("secret-detail");
			}
		}

	}

	@IoNamespace("/admin")
	static class AdminGate implements IoEventMiddleware {

		@Override
		public void onEvent(IoSocket socket, String event, List<Object> args) {
			if (args.contains("admin-only")) {
				throw new IoEventException("Not on /admin");
			}
		}

	}

	@IoNamespace("tenants")
	static class TenantKey implements IoMiddleware {

		@Override
		public void connect(IoSocket socket) throws IoConnectException {
			Object key = socket.handshake().auth().get("key");
			if (key == null) {
				throw new IoConnectException("A tenant key is required");
			}
			socket.set("key", key);
		}

	}

	static class Handlers {

		private final Seen seen;

		Handlers(Seen seen) {
			this.seen = seen;
		}

		@IoEvent("echo")
		Object echo(Object value) {
			return value;
		}

		@IoEvent(value = "echo", namespace = "/admin")
		Object adminEcho(Object value) {
			return value;
		}

		@IoEvent("join")
		boolean join(IoSocket socket, String room) {
			socket.join(room);
			return true;
		}

		@IoEvent(value = "where", namespace = "tenants")
		Map<String, Object> where(IoSocket socket) {
			return Map.of("namespace", socket.namespace(), "group", socket.namespaceGroup().orElse("none"), "key",
					socket.get("key"));
		}

		@IoEvent(IoEvent.DISCONNECTING)
		void disconnecting(IoSocket socket, String reason) {
			this.seen.add("disconnecting " + socket.id() + " " + reason + " rooms " + new ArrayList<>(socket.rooms()));
		}

		@IoEvent(IoEvent.DISCONNECT)
		void disconnect(IoSocket socket, String reason) {
			this.seen.add("disconnect " + socket.id() + " " + reason + " rooms " + new ArrayList<>(socket.rooms()));
		}

	}

	/**
	 * What the listeners and handlers saw, in order.
	 */
	static class Seen extends CopyOnWriteArrayList<String> {

		private final BlockingQueue<String> added = new LinkedBlockingQueue<>();

		@Override
		public boolean add(String line) {
			this.added.add(line);
			return super.add(line);
		}

		@Override
		public void clear() {
			super.clear();
			this.added.clear();
		}

		/**
		 * Wait for a line that starts with a prefix.
		 */
		String await(String prefix) throws InterruptedException {
			for (String line : this) {
				if (line.startsWith(prefix)) {
					return line;
				}
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT);
			while (System.nanoTime() < deadline) {
				String line = this.added.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (line != null && line.startsWith(prefix)) {
					return line;
				}
			}
			throw new AssertionError("No line starting with '" + prefix + "' in " + this);
		}

	}

}
