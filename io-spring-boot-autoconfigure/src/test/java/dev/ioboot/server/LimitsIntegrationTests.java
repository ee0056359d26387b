package dev.ioboot.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
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

import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoEvent;
import dev.ioboot.testsupport.RawEngineIoClient;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static dev.ioboot.testsupport.TestClients.awaitConnect;
import static dev.ioboot.testsupport.LogOutput.occurrences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code io.limits.*} against real clients: the Java {@code socket.io-client}, raw
 * Engine.IO clients and plain TCP connections.
 */
@ExtendWith(OutputCaptureExtension.class)
class LimitsIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final TestClients clients = new TestClients();

	private final List<Socket> clientsToClose = new CopyOnWriteArrayList<>();

	private ConfigurableApplicationContext context;

	private int port;

	@AfterEach
	void stop() {
		this.clients.closeAll();
		this.clientsToClose.forEach(Socket::close);
		if (this.context != null) {
			this.context.close();
		}
	}

	private void start(String... properties) {
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "io.namespaces=/,/custom")
			.properties(properties)
			.run();
		this.port = this.context.getBean(IoServer.class).port();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void clientOverMaxConnectionsGetsConnectErrorAndItsPlaceIsFreedOnDisconnect(String transport) throws Exception {
		start("io.limits.max-connections=2");
		Socket first = this.clients.connect(this.port, transport, "/", null);
		this.clients.connect(this.port, transport, "/", null);
		assertThat(connectError(this.clients.socket(this.port, transport, "/", null))).isEqualTo("Too many connections");
		first.close();
		IoServer server = this.context.getBean(IoServer.class);
		await("the first client's close").atMost(Duration.ofSeconds(TIMEOUT))
			.until(() -> server.connectedClients() < 2);
		Socket next = this.clients.connect(this.port, transport, "/", null);
		assertThat(ack(next, "echo", "still serving")).containsExactly("still serving");
	}

	@Test
	void connectionsPerAddressAreCountedByTheAddressATrustedProxyForwards() throws Exception {
		start("io.limits.max-connections-per-address=2", "io.limits.trusted-proxies=127.0.0.1");
		connectForwarded("203.0.113.7");
		connectForwarded("203.0.113.7");
		assertThat(connectError(forwardedSocket("203.0.113.7"))).isEqualTo("Too many connections from this address");
		connectForwarded("203.0.113.8");
	}

	@Test
	void forwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
		start("io.limits.max-connections-per-address=2");
		connectForwarded("203.0.113.7");
		connectForwarded("203.0.113.8");
		assertThat(connectError(forwardedSocket("203.0.113.9")))
			.as("every client counts as 127.0.0.1 whatever it claims")
			.isEqualTo("Too many connections from this address");
	}

	@Test
	void deniedAddressIsRefusedAtTheHandshakeWithForbidden(CapturedOutput output) throws Exception {
		start("io.limits.deny=203.0.113.0/24", "io.limits.trusted-proxies=127.0.0.1");
		HttpResponse<String> refused = handshake("203.0.113.9");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
		assertThat(handshake("198.51.100.1").statusCode()).isEqualTo(200);
		assertThat(connectError(forwardedSocket("203.0.113.10"))).as("socket.io-client's view of a 403")
			.isNotEqualTo("connected");
		connectForwarded("198.51.100.1");
		assertThat(occurrences(output.getAll(), "Refused a connection from 203.0.113.9: address not allowed")).isOne();
	}

	@Test
	void deniedAddressUpgradingToAWebSocketGets400WithTheMessageAsEngineIoAnswers() throws Exception {
		start("io.limits.deny=203.0.113.0/24", "io.limits.trusted-proxies=127.0.0.1");
		try (java.net.Socket raw = new java.net.Socket("127.0.0.1", this.port)) {
			raw.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT));
			OutputStream out = raw.getOutputStream();
			out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String response = new String(raw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 400 Bad Request").endsWith("\r\n\r\nForbidden");
		}
	}

	@Test
	void onlyAllowedAddressesConnect() throws Exception {
		start("io.limits.allow=10.0.0.0/8", "io.limits.trusted-proxies=127.0.0.1");
		assertThat(handshake("10.20.30.40").statusCode()).isEqualTo(200);
		assertThat(handshake("192.0.2.1").statusCode()).isEqualTo(403);
		assertThat(handshake(null).statusCode()).as("the proxy itself is not in the allow list").isEqualTo(403);
		connectForwarded("10.1.1.1");
	}

	@Test
	void eventsOverTheRateAreDroppedWithOneErrorEvent(CapturedOutput output) throws Exception {
		start("io.limits.events-per-second=2");
		Manager manager = new Manager(URI.create("http://127.0.0.1:" + this.port),
				IO.Options.builder().setTransports(new String[] { "websocket" }).setReconnection(false).build());
		Socket root = manager.socket("/");
		Socket custom = manager.socket("/custom");
		BlockingQueue<Object> errors = new LinkedBlockingQueue<>();
		root.on("error", (args) -> errors.add(args[0]));
		try {
			awaitConnect(root);
			awaitConnect(custom);
			AtomicInteger acked = new AtomicInteger();
			int sent = 20;
			for (int i = 0; i < sent; i++) {
				root.emit("echo", new Object[] { i }, (args) -> acked.incrementAndGet());
			}
			// the same connection carries both namespaces and the server reads its packets in
			// order: once /custom's ack is back, every error /'s burst caused has been sent
			assertThat(ack(custom, "echo", "barrier")).containsExactly("barrier");
			assertThat(errors).hasSize(1);
			assertThat(((JSONObject) errors.poll()).getString("message"))
				.isEqualTo("Rate limit exceeded: at most 2 events per second; events are dropped");
			assertThat(acked.get()).as("dropped events get no ack").isLessThan(sent);
			assertThat(occurrences(output.getAll(), "Dropping events of socket")).isOne();
			assertThat(root.connected()).isTrue();
		}
		finally {
			root.close();
			custom.close();
		}
	}

	@Test
	void socketOverTheRateIsDisconnectedWhenConfigured() throws Exception {
		start("io.limits.events-per-second=2", "io.limits.rate-exceeded=disconnect");
		Socket socket = this.clients.socket(this.port, "websocket", "/", null);
		CompletableFuture<Object> reason = new CompletableFuture<>();
		socket.on(Socket.EVENT_DISCONNECT, (args) -> reason.complete(args[0]));
		awaitConnect(socket);
		for (int i = 0; i < 20; i++) {
			socket.emit("echo", i);
		}
		assertThat(reason.get(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
		assertThat(ack(this.clients.connect(this.port, "websocket", "/", null), "echo", "others")).containsExactly("others");
	}

	@Test
	void pollingClientThatStopsPollingIsClosedOnceItsQueueIsFull(CapturedOutput output) throws Exception {
		start("io.limits.max-buffered-bytes=64KB");
		Socket bystander = this.clients.connect(this.port, "polling", "/", null);
		RawEngineIoClient raw = new RawEngineIoClient(this.port);
		try {
			RawEngineIoClient.RawPolling polling = raw.polling();
			assertThat(polling.connect("40").get(0)).startsWith("40{\"sid\":");
			// from now on it never polls again, but asks for a flood of 100 KB messages
			assertThat(polling.post("42[\"flood\"]").statusCode()).isEqualTo(200);
			Flood flood = this.context.getBean(Flood.class);
			int sent = flood.result.get(TIMEOUT, TimeUnit.SECONDS);
			assertThat(sent).as("messages queued before the session was closed").isLessThan(Flood.MESSAGES);
			assertThat(polling.get().statusCode()).as("the session is gone").isEqualTo(400);
			assertThat(occurrences(output.getAll(), "does not read what it is sent")).isOne();
			assertThat(ack(bystander, "echo", "fine")).containsExactly("fine");
		}
		finally {
			raw.shutdown();
		}
	}

	@Test
	void webSocketClientThatStopsReadingIsClosedOnceItsBufferIsFull(CapturedOutput output) throws Exception {
		start("io.limits.max-buffered-bytes=64KB");
		Socket bystander = this.clients.connect(this.port, "websocket", "/", null);
		try (java.net.Socket stalled = new java.net.Socket()) {
			stalled.setReceiveBufferSize(4096);
			stalled.connect(new InetSocketAddress("127.0.0.1", this.port));
			stalled.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT));
			OutputStream out = stalled.getOutputStream();
			out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = stalled.getInputStream();
			String response = readHeaders(in);
			assertThat(response).startsWith("HTTP/1.1 101");
			assertThat(readTextFrame(in)).startsWith("0{");
			out.write(maskedTextFrame("40"));
			out.flush();
			assertThat(readTextFrame(in)).startsWith("40{");
			out.write(maskedTextFrame("42[\"flood\"]"));
			out.flush();
			// and it never reads: the kernel's buffers fill up, then the server's
			Flood flood = this.context.getBean(Flood.class);
			int sent = flood.result.get(TIMEOUT * 3, TimeUnit.SECONDS);
			assertThat(sent).isLessThan(Flood.MESSAGES);
			assertThat(occurrences(output.getAll(), "does not read what it is sent")).isOne();
		}
		assertThat(ack(bystander, "echo", "fine")).containsExactly("fine");
	}

	@Test
	void connectionThatNeverCompletesItsRequestIsClosedAfterTheRequestTimeout() throws Exception {
		start("io.limits.request-timeout=500ms");
		Socket polling = this.clients.connect(this.port, "polling", "/", null);
		try (java.net.Socket slow = new java.net.Socket("127.0.0.1", this.port)) {
			slow.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT));
			slow.getOutputStream().write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 12"
				.getBytes(StandardCharsets.US_ASCII));
			InputStream in = slow.getInputStream();
			assertThat(in.read()).as("end of stream: the server closed the connection").isEqualTo(-1);
		}
		// the polling client's long poll outlived the timeout: a pending request has no deadline
		assertThat(ack(polling, "echo", "after")).containsExactly("after");
		assertThat(polling.connected()).isTrue();
	}

	private static String readHeaders(InputStream in) throws IOException {
		StringBuilder headers = new StringBuilder();
		while (!headers.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			assertThat(b).as("the handshake response").isNotNegative();
			headers.append((char) b);
		}
		return headers.toString();
	}

	/**
	 * Read one unmasked server text frame of less than 64 KB.
	 */
	private static String readTextFrame(InputStream in) throws IOException {
		byte[] header = in.readNBytes(2);
		assertThat(header).hasSize(2);
		int length = header[1] & 0x7f;
		if (length == 126) {
			byte[] extended = in.readNBytes(2);
			length = ((extended[0] & 0xff) << 8) | (extended[1] & 0xff);
		}
		return new String(in.readNBytes(length), StandardCharsets.UTF_8);
	}

	private static byte[] maskedTextFrame(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		byte[] frame = new byte[6 + payload.length];
		frame[0] = (byte) 0x81;
		frame[1] = (byte) (0x80 | payload.length);
		// a zero mask leaves the payload as it is
		System.arraycopy(payload, 0, frame, 6, payload.length);
		return frame;
	}

	private HttpResponse<String> handshake(String forwardedFor) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/socket.io/?EIO=4&transport=polling"))
			.timeout(Duration.ofSeconds(TIMEOUT));
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private Socket forwardedSocket(String address) {
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { "polling" })
			.setReconnection(false)
			.setForceNew(true)
			.setExtraHeaders(Map.of("X-Forwarded-For", List.of(address)))
			.build();
		Socket socket = IO.socket(URI.create("http://127.0.0.1:" + this.port), options);
		this.clientsToClose.add(socket);
		return socket;
	}


	private void connectForwarded(String address) throws Exception {
		assertThat(connectError(forwardedSocket(address))).as(address).isEqualTo("connected");
	}

	/**
	 * Connect a socket and return "connected", or the message of its {@code connect_error}.
	 */
	private static String connectError(Socket socket) throws InterruptedException {
		BlockingQueue<String> outcome = new LinkedBlockingQueue<>();
		socket.once(Socket.EVENT_CONNECT, (args) -> outcome.add("connected"));
		socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> outcome.add(message(args[0])));
		socket.connect();
		String result = outcome.poll(TIMEOUT, TimeUnit.SECONDS);
		assertThat(result).as("the outcome of the connection").isNotNull();
		return result;
	}

	private static String message(Object error) {
		if (error instanceof JSONObject json) {
			return json.optString("message");
		}
		return (error instanceof Exception ex) ? String.valueOf(ex.getMessage()) : String.valueOf(error);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class App {

		@Bean
		Flood flood() {
			return new Flood();
		}

	}

	static class Flood {

		static final int MESSAGES = 2000;

		final CompletableFuture<Integer> result = new CompletableFuture<>();

		@IoEvent("echo")
		Object echo(Object arg) {
			return arg;
		}

		@IoEvent(value = "echo", namespace = "/custom")
		Object echoCustom(Object arg) {
			return arg;
		}

		/**
		 * Send 100 KB messages to the socket until it is closed, at most {@link #MESSAGES}.
		 */
		@IoEvent("flood")
		void flood(IoSocket socket) {
			String message = "x".repeat(100_000);
			int sent = 0;
			while (socket.connected() && sent < MESSAGES) {
				socket.emit("big", message);
				sent++;
			}
			this.result.complete(sent);
		}

	}

}
