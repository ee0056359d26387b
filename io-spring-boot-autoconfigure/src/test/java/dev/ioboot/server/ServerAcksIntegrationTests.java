package dev.ioboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.Ack;
import io.socket.client.Socket;
import org.json.JSONObject;
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

import dev.ioboot.Io;
import dev.ioboot.IoAckTimeoutException;
import dev.ioboot.IoSocket;
import dev.ioboot.IoSocketDisconnectedException;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoEvent;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The server asks clients for acknowledgements, against the Java {@code socket.io-client}:
 * one socket with a timeout, a disconnecting socket, and a broadcast that collects one answer
 * per client.
 */
class ServerAcksIntegrationTests {

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
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void serverReceivesTheClientsAnswer(String transport) throws Exception {
		Socket socket = this.clients.socket(port, transport, "/", null);
		socket.on("question", (args) -> ((Ack) args[args.length - 1]).call("answer to " + args[0], 42));
		TestClients.awaitConnect(socket);
		Object[] reply = ack(socket, "ask", "life");
		assertThat(reply[0].toString()).isEqualTo("[\"answer to life\",42]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void unansweredQuestionTimesOut(String transport) throws Exception {
		Socket socket = this.clients.socket(port, transport, "/", null);
		BlockingQueue<Object> asked = new LinkedBlockingQueue<>();
		socket.on("question", asked::add);
		TestClients.awaitConnect(socket);
		JSONObject reply = (JSONObject) ack(socket, "ask", "anyone?")[0];
		assertThat(reply.getString("error")).isEqualTo("timeout");
		assertThat(reply.getString("exception")).isEqualTo(IoAckTimeoutException.class.getSimpleName());
		assertThat(asked).as("the client was asked").hasSize(1);
	}

	@Test
	void pendingAcknowledgementFailsWhenTheSocketDisconnects() throws Exception {
		Socket socket = this.clients.socket(port, "websocket", "/", null);
		BlockingQueue<Object> asked = new LinkedBlockingQueue<>();
		socket.on("question", asked::add);
		TestClients.awaitConnect(socket);
		String id = socket.id();
		IoSocket server = context.getBean(Io.class).socket("/", id).orElseThrow();
		CompletableFuture<List<Object>> answer = server.emitWithAck("question", "never answered");
		assertThat(asked.poll(TIMEOUT, TimeUnit.SECONDS)).isNotNull();
		socket.disconnect();
		ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
				() -> answer.get(TIMEOUT, TimeUnit.SECONDS));
		assertThat(failure.getCause()).isInstanceOf(IoSocketDisconnectedException.class)
			.hasMessageContaining(id)
			.hasMessageContaining("client namespace disconnect");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void broadcastCollectsOneAnswerPerClient(String transport) throws Exception {
		// a room of its own: the sockets of the other transport's run may still be leaving
		// theirs, and a socket asked that never answers is waited for until the timeout, as in
		// socket.io
		String room = "poll-" + transport;
		for (int i = 0; i < 3; i++) {
			String name = "voter-" + i;
			Socket voter = this.clients.socket(port, transport, "/", null);
			voter.on("vote?", (args) -> ((Ack) args[args.length - 1]).call(name));
			TestClients.awaitConnect(voter);
			ack(voter, "join", room);
		}
		Socket bystander = this.clients.connect(port, transport, "/", null);
		BlockingQueue<Object> bystanderAsked = new LinkedBlockingQueue<>();
		bystander.on("vote?", bystanderAsked::add);
		// every voter answers: the future completes well before the 30 s timeout
		List<Object> answers = context.getBean(Io.class)
			.to(room)
			.timeout(Duration.ofSeconds(30))
			.emitWithAck("vote?", "red or blue")
			.get(TIMEOUT, TimeUnit.SECONDS);
		assertThat(answers).containsExactlyInAnyOrder("voter-0", "voter-1", "voter-2");
		assertThat(bystanderAsked).as("a socket outside the room is not asked").isEmpty();
	}

	@Test
	void broadcastTimeoutKeepsTheAnswersReceived() throws Exception {
		Socket answering = this.clients.socket(port, "websocket", "/", null);
		answering.on("vote?", (args) -> ((Ack) args[args.length - 1]).call("yes"));
		TestClients.awaitConnect(answering);
		ack(answering, "join", "slow-poll");
		Socket silent = this.clients.socket(port, "websocket", "/", null);
		BlockingQueue<Object> silentAsked = new LinkedBlockingQueue<>();
		silent.on("vote?", silentAsked::add);
		TestClients.awaitConnect(silent);
		ack(silent, "join", "slow-poll");
		List<Object> answers = context.getBean(Io.class)
			.to("slow-poll")
			.timeout(Duration.ofMillis(500))
			.emitWithAck("vote?")
			.get(TIMEOUT, TimeUnit.SECONDS);
		assertThat(answers).containsExactly("yes");
		assertThat(silentAsked).as("the silent client was asked").hasSize(1);
	}

	@Test
	void broadcastToNobodyCompletesEmpty() throws Exception {
		List<Object> answers = context.getBean(Io.class)
			.to("empty-room")
			.timeout(Duration.ofSeconds(30))
			.emitWithAck("vote?")
			.get(TIMEOUT, TimeUnit.SECONDS);
		assertThat(answers).isEmpty();
	}

	@Test
	void broadcastWithAcknowledgementsNeedsATimeout() {
		assertThatIllegalStateException().isThrownBy(() -> context.getBean(Io.class).to("poll").emitWithAck("vote?"))
			.withMessageContaining("timeout(Duration)");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class App {

		@Bean
		Questions questions() {
			return new Questions();
		}

	}

	static class Questions {

		@IoEvent("ask")
		CompletableFuture<Object> ask(IoSocket socket, String topic) {
			return socket.timeout(Duration.ofMillis(500))
				.emitWithAck("question", topic)
				.<Object>thenApply((answer) -> answer)
				.exceptionally((failure) -> Map.of("error", "timeout", "exception",
						failure.getCause().getClass().getSimpleName()));
		}

		@IoEvent("join")
		boolean join(IoSocket socket, String room) {
			socket.join(room);
			return true;
		}

	}

}
