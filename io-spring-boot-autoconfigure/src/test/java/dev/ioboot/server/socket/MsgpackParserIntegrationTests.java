package dev.ioboot.server.socket;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
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
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.RawEngineIoClient;
import dev.ioboot.testsupport.RawEngineIoClient.RawPolling;
import dev.ioboot.testsupport.RawEngineIoClient.RawWebSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server with {@code io.socket.server-options.parser=msgpack} over real websocket and
 * long-polling connections: clients send the packets {@code socket.io-msgpack-parser} writes
 * (the Node fixtures of {@link MsgpackPacketCodecTests}), each in one binary message; what the
 * server sends back is one binary message per packet, binary values in place.
 */
class MsgpackParserIntegrationTests {

	private static final HexFormat HEX = HexFormat.of();

	private static ConfigurableApplicationContext context;

	private static RawEngineIoClient raw;

	private static Map<String, String> fixtures;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void startServer() throws Exception {
		try (InputStream in = MsgpackParserIntegrationTests.class.getResourceAsStream("msgpack-fixtures.json")) {
			fixtures = new ObjectMapper().readValue(in, Map.class);
		}
		context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "io.namespaces=/,/custom",
					"io.socket.server-options.parser=msgpack")
			.run();
		raw = new RawEngineIoClient(context.getBean(IoServer.class).port());
	}

	@AfterAll
	static void stopServer() {
		raw.shutdown();
		context.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void connectsAndAcksAnEventWithBinaryInPlace(String transport) throws Exception {
		Client client = client(transport);
		client.send(fixture("client_connect"));
		Map<String, Object> connect = client.nextPacket();
		assertThat(connect.get("type")).isEqualTo(SocketIoPacket.CONNECT);
		assertThat(connect.get("nsp")).isEqualTo("/");
		assertThat(((Map<?, ?>) connect.get("data")).get("sid")).asString().isNotEmpty();
		// echo, 1, "a", <4 bytes> with ack id 4
		client.send(fixture("client_event"));
		Map<String, Object> ack = client.nextPacket();
		assertThat(ack).containsEntry("type", SocketIoPacket.ACK).containsEntry("id", 4).containsEntry("nsp", "/");
		assertThat(ack.get("data")).usingRecursiveComparison()
			.isEqualTo(List.of(1, "a", new byte[] { 0, 1, 2, 3 }));
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void connectsToANamespaceWithAuth(String transport) throws Exception {
		Client client = client(transport);
		// auth {token: "t", n: 2} on /custom
		client.send(fixture("client_connect_auth"));
		assertThat(client.nextPacket()).containsEntry("type", SocketIoPacket.CONNECT).containsEntry("nsp", "/custom");
		client.send(event("/custom", 1L, "auth"));
		Map<String, Object> ack = client.nextPacket();
		assertThat(ack).containsEntry("id", 1).containsEntry("nsp", "/custom");
		assertThat(ack.get("data")).isEqualTo(List.of(Map.of("token", "t", "n", 2)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void broadcastsCarryBinaryInPlace(String transport) throws Exception {
		Client client = client(transport);
		client.send(fixture("client_connect"));
		String sid = (String) ((Map<?, ?>) client.nextPacket().get("data")).get("sid");
		Map<String, Object> news = new LinkedHashMap<>();
		news.put("title", "t");
		news.put("image", new byte[] { 7, 8, 9 });
		context.getBean(Io.class).to(sid).emit("news", news, 1.5);
		Map<String, Object> event = client.nextPacket();
		assertThat(event).containsEntry("type", SocketIoPacket.EVENT).doesNotContainKey("id");
		assertThat(event.get("data")).usingRecursiveComparison().isEqualTo(List.of("news", news, 1.5));
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void aMalformedPacketClosesTheConnection(String transport) throws Exception {
		Client client = client(transport);
		client.send(fixture("client_connect"));
		client.nextPacket();
		byte[] event = fixture("client_event");
		client.sendAndAssertClosed("b" + Base64.getEncoder().encodeToString(Arrays.copyOf(event, 20)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void aTextPacketClosesTheConnection(String transport) throws Exception {
		Client client = client(transport);
		client.send(fixture("client_connect"));
		client.nextPacket();
		client.sendAndAssertClosed("42[\"echo\"]");
	}

	private static byte[] fixture(String name) {
		return HEX.parseHex(fixtures.get(name));
	}

	/**
	 * An EVENT as socket.io-client sends it, without arguments.
	 */
	private static byte[] event(String namespace, Long ackId, String name) {
		MsgpackWriter writer = new MsgpackWriter(new ObjectMapper(), 10);
		writer.writeMapHeader(4);
		writer.writeString("type");
		writer.writeInteger(SocketIoPacket.EVENT);
		writer.writeString("data");
		writer.writeValue(List.of(name), 1);
		writer.writeString("id");
		writer.writeInteger(ackId);
		writer.writeString("nsp");
		writer.writeString(namespace);
		return writer.toByteArray();
	}

	private static Client client(String transport) throws Exception {
		return "websocket".equals(transport) ? new WebSocketClient(raw.webSocket()) : new PollingClient(raw.polling());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> decode(byte[] message) throws Exception {
		return (Map<String, Object>) new MsgpackReader(message, 10).readMessage();
	}

	/**
	 * A raw Engine.IO session that sends and receives binary messages.
	 */
	private interface Client {

		void send(byte[] message) throws Exception;

		/**
		 * Take the next message, which must be binary, as the MessagePack map it holds.
		 */
		Map<String, Object> nextPacket() throws Exception;

		/**
		 * Send an Engine.IO message packet: {@code 4...} text, or {@code b<base64>} binary.
		 */
		void sendAndAssertClosed(String message) throws Exception;

	}

	private record WebSocketClient(RawWebSocket socket) implements Client {

		@Override
		public void send(byte[] message) {
			this.socket.send(message);
		}

		@Override
		public Map<String, Object> nextPacket() throws Exception {
			Object message = this.socket.next();
			assertThat(message).isInstanceOf(byte[].class);
			return decode((byte[]) message);
		}

		@Override
		public void sendAndAssertClosed(String message) throws Exception {
			if (message.startsWith("b")) {
				this.socket.send(Base64.getDecoder().decode(message.substring(1)));
			}
			else {
				this.socket.send(message);
			}
			assertThat(this.socket.awaitClose()).isNotNull();
		}

	}

	private record PollingClient(RawPolling polling, Queue<String> received) implements Client {

		PollingClient(RawPolling polling) {
			this(polling, new ArrayDeque<>());
		}

		@Override
		public void send(byte[] message) throws Exception {
			assertThat(this.polling.post("b" + Base64.getEncoder().encodeToString(message)).statusCode())
				.isEqualTo(200);
		}

		@Override
		public Map<String, Object> nextPacket() throws Exception {
			if (this.received.isEmpty()) {
				this.received.addAll(this.polling.poll());
			}
			String message = this.received.remove();
			assertThat(message).startsWith("b");
			return decode(Base64.getDecoder().decode(message.substring(1)));
		}

		@Override
		public void sendAndAssertClosed(String message) throws Exception {
			assertThat(this.polling.post(message).statusCode()).isEqualTo(200);
			HttpResponse<String> next = this.polling.get();
			assertThat(next.statusCode()).isEqualTo(400);
			assertThat(next.body()).contains("Session ID unknown");
		}

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

		@IoEvent("echo")
		void echo(IoAck ack, Object... args) {
			ack.send(args);
		}

		@IoEvent(value = "auth", namespace = "/custom")
		Map<String, Object> auth(IoSocket socket) {
			return socket.handshake().auth();
		}

	}

}
