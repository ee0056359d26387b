package dev.ioboot.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.socket.client.IO;
import io.socket.client.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoEvent;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static dev.ioboot.testsupport.TestClients.awaitConnect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link IoRequestFilter} beans against real clients: the Java {@code socket.io-client} and
 * raw HTTP and websocket handshakes, answered as engine.io 6.6 answers a refused
 * {@code allowRequest}.
 */
class RequestFilterIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final TestClients clients = new TestClients();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private ConfigurableApplicationContext context;

	private Filters filters;

	private int port;

	@BeforeEach
	void start() {
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "io.limits.trusted-proxies=127.0.0.1")
			.run();
		this.port = this.context.getBean(IoServer.class).port();
		this.filters = this.context.getBean(Filters.class);
	}

	@AfterEach
	void stop() {
		this.clients.closeAll();
		this.sockets.forEach(Socket::close);
		this.context.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "polling", "websocket" })
	void allowedClientConnectsAndFiltersSeeItsRequestOnceOnAHandlerThread(String transport) throws Exception {
		Socket socket = socket(transport, Map.of("x-tenant", List.of("acme"), "x-forwarded-for", List.of("203.0.113.7"),
				"cookie", List.of("session=abc; theme=dark")));
		awaitConnect(socket);
		assertThat(ack(socket, "echo", "hello")).containsExactly("hello");

		assertThat(this.filters.seen).hasSize(1);
		IoHandshakeRequest request = this.filters.seen.get(0);
		assertThat(request.transport().value()).isEqualTo(transport);
		assertThat(request.header("X-Tenant")).isEqualTo("acme");
		assertThat(request.cookie("theme")).isEqualTo("dark");
		assertThat(request.address()).as("forwarded by a trusted proxy").isEqualTo("203.0.113.7");
		assertThat(request.queryParameter("EIO")).isEqualTo("4");
		assertThat(request.url()).startsWith("/socket.io/?");
		assertThat(request.secure()).isFalse();
		assertThat(this.filters.threads).allMatch((name) -> name.startsWith("io-handler-"));
	}

	@Test
	void filtersAreNotAskedAgainForTheRequestsOfAnOpenSessionNorForItsUpgrade() throws Exception {
		HttpResponse<String> open = HTTP.send(handshake().build(), HttpResponse.BodyHandlers.ofString());
		String sid = open.body().substring(open.body().indexOf("\"sid\":\"") + 7, open.body().indexOf("\",\""));
		URI session = URI.create("http://127.0.0.1:" + this.port + "/socket.io/?EIO=4&transport=polling&sid=" + sid);
		HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(session)
			.POST(HttpRequest.BodyPublishers.ofString("40"))
			.timeout(Duration.ofSeconds(TIMEOUT))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(post.body()).isEqualTo("ok");
		HttpResponse<String> connected = HTTP.send(HttpRequest.newBuilder(session).timeout(Duration.ofSeconds(TIMEOUT)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(connected.body()).startsWith("40{\"sid\":");

		java.util.concurrent.BlockingQueue<String> messages = new java.util.concurrent.LinkedBlockingQueue<>();
		WebSocket upgrade = HTTP.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/socket.io/?EIO=4&transport=websocket&sid=" + sid),
					new WebSocket.Listener() {

						@Override
						public java.util.concurrent.CompletionStage<?> onText(WebSocket webSocket, CharSequence data,
								boolean last) {
							messages.add(data.toString());
							webSocket.request(1);
							return null;
						}

					})
			.get(TIMEOUT, TimeUnit.SECONDS);
		// a WebSocket sends one message at a time: each send waits for the one before
		upgrade.sendText("2probe", true).get(TIMEOUT, TimeUnit.SECONDS);
		assertThat(messages.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("3probe");
		upgrade.sendText("5", true).get(TIMEOUT, TimeUnit.SECONDS);
		upgrade.sendText("421[\"echo\",\"upgraded\"]", true).get(TIMEOUT, TimeUnit.SECONDS);
		assertThat(messages.poll(TIMEOUT, TimeUnit.SECONDS)).as("acknowledged over the upgraded websocket")
			.isEqualTo("431[\"upgraded\"]");
		upgrade.abort();
		assertThat(this.filters.seen).hasSize(1);
	}

	@Test
	void deniedPollingHandshakeGets403WithTheFiltersMessage() throws Exception {
		HttpResponse<String> response = HTTP.send(handshake().header("x-blocked", "1").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(response.body()).isEqualTo("{\"code\":4,\"message\":\"Blocked \\\"by\\\" x-blocked\"}");
		assertThat(this.context.getBean(IoServer.class).connectedClients()).isZero();
	}

	@Test
	void denialWithoutAMessageAndAFailingFilterGiveEngineIosForbidden() throws Exception {
		HttpResponse<String> banned = HTTP.send(handshake().header("Cookie", "banned=yes").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(banned.statusCode()).isEqualTo(403);
		assertThat(banned.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
		HttpRequest exploding = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/socket.io/?EIO=4&transport=polling&explode=1"))
			.timeout(Duration.ofSeconds(TIMEOUT))
			.build();
		HttpResponse<String> failed = HTTP.send(exploding, HttpResponse.BodyHandlers.ofString());
		assertThat(failed.statusCode()).isEqualTo(403);
		assertThat(failed.body()).as("the exception's message is not sent")
			.isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
	}

	@Test
	void theFirstFilterThatDeniesDecides() throws Exception {
		HttpResponse<String> response = HTTP.send(handshake().header("x-blocked", "1")
			.header("Cookie", "banned=yes")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).contains("Blocked");
		assertThat(this.filters.seen).as("the ban filter is not asked after a denial").isEmpty();
	}

	@Test
	void deniedWebSocketUpgradeGets400WithTheMessage() {
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> HTTP.newWebSocketBuilder()
				.header("x-blocked", "1")
				.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/socket.io/?EIO=4&transport=websocket"),
						new WebSocket.Listener() {
						})
				.orTimeout(TIMEOUT, TimeUnit.SECONDS)
				.join())
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class, (ex) -> {
				assertThat(ex.getResponse().statusCode()).isEqualTo(400);
				assertThat(ex.getResponse().body()).isEqualTo("Blocked \"by\" x-blocked");
			});
	}

	@Test
	void deniedClientGetsAConnectError() throws Exception {
		Socket socket = socket("websocket", Map.of("x-blocked", List.of("1")));
		java.util.concurrent.BlockingQueue<String> errors = new java.util.concurrent.LinkedBlockingQueue<>();
		socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> errors.add(String.valueOf(args[0])));
		socket.connect();
		assertThat(errors.poll(TIMEOUT, TimeUnit.SECONDS)).isNotNull();
		assertThat(socket.connected()).isFalse();
	}

	private Socket socket(String transport, Map<String, List<String>> headers) {
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { transport })
			.setReconnection(false)
			.setForceNew(true)
			.setExtraHeaders(headers)
			.build();
		Socket socket = IO.socket(URI.create("http://127.0.0.1:" + this.port + "/"), options);
		this.sockets.add(socket);
		return socket;
	}

	private HttpRequest.Builder handshake() {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/socket.io/?EIO=4&transport=polling"))
			.timeout(Duration.ofSeconds(TIMEOUT));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class App {

		@Bean
		Filters filters() {
			return new Filters();
		}

		@Bean
		@Order(1)
		IoRequestFilter blockedHeader() {
			return (request) -> "1".equals(request.header("x-blocked"))
					? IoRequestFilter.Decision.deny("Blocked \"by\" x-blocked") : IoRequestFilter.Decision.allow();
		}

		@Bean
		@Order(2)
		IoRequestFilter banned(Filters filters) {
			return (request) -> {
				filters.seen.add(request);
				filters.threads.add(Thread.currentThread().getName());
				return "yes".equals(request.cookie("banned")) ? IoRequestFilter.Decision.deny()
						: IoRequestFilter.Decision.allow();
			};
		}

		@Bean
		@Order(3)
		IoRequestFilter exploding() {
			return (request) -> {
				if (request.queryParameter("explode") != null) {
					throw new IllegalStateException("internal detail");
				}
				return IoRequestFilter.Decision.allow();
			};
		}

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	static class Filters {

		final List<IoHandshakeRequest> seen = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

	}

	static class Echo {

		@IoEvent("echo")
		Object echo(IoSocket socket, Object value) {
			return value;
		}

	}

}
