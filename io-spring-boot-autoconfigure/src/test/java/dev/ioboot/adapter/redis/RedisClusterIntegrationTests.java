package dev.ioboot.adapter.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.ioboot.Io;
import dev.ioboot.adapter.IoSocketDetails;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.adapter.redis.RedisTestNode.awaitRooms;
import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static dev.ioboot.testsupport.TestClients.drain;
import static dev.ioboot.testsupport.TestClients.listen;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes on the Redis at 127.0.0.1:6379, with real socket.io clients on different
 * nodes, over both transports: every cross-node operation of the {@link Io} facade.
 */
class RedisClusterIntegrationTests {

	private static final String KEY = "io-test-" + UUID.randomUUID();

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final TestClients clients = new TestClients();

	@BeforeAll
	static void startNodes() {
		for (String name : List.of("a", "b", "c")) {
			nodes.add(new SpringApplicationBuilder(RedisTestNode.class).web(WebApplicationType.NONE)
				.properties("io.socket.server-options.port=0", "io.adapter.type=redis",
						"io.adapter.redis.key-prefix=" + KEY, "io.adapter.redis.request-timeout=3s",
						"io.namespaces=/,/custom", "node.name=" + name, "spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=6379")
				.run());
		}
	}

	@AfterAll
	static void stopNodes() {
		nodes.forEach(ConfigurableApplicationContext::close);
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
	}

	private static Io io(int node) {
		return nodes.get(node).getBean(Io.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void broadcastsReachEveryNodeWithRoomsAndExcept(String transport) throws Exception {
		Socket onA = connect(0, transport, "/");
		Socket onB = connect(1, transport, "/");
		Socket onC = connect(2, transport, "/");
		BlockingQueue<String> received = listen("news", onA, onB, onC);
		assertThat(ack(onB, "join", "red")).containsExactly(true);
		assertThat(ack(onC, "join", "red")).containsExactly(true);
		assertThat(ack(onC, "join", "blue")).containsExactly(true);

		io(0).emit("news", "all");
		assertThat(drain(received, 3)).containsExactlyInAnyOrder(onA.id() + ":all", onB.id() + ":all",
				onC.id() + ":all");

		io(0).to("red").emit("news", "red");
		assertThat(drain(received, 2)).containsExactlyInAnyOrder(onB.id() + ":red", onC.id() + ":red");

		io(0).to("red").except("blue").emit("news", "red-not-blue");
		io(0).emitTo(onA.id(), "news", "marker");
		assertThat(drain(received, 2)).containsExactlyInAnyOrder(onB.id() + ":red-not-blue", onA.id() + ":marker");

		assertThat(io(2).emitTo(onB.id(), "news", "to-b")).isFalse();
		assertThat(drain(received, 1)).containsExactly(onB.id() + ":to-b");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void binaryCrossesNodes(String transport) throws Exception {
		Socket onB = connect(1, transport, "/");
		BlockingQueue<Object> received = new LinkedBlockingQueue<>();
		onB.on("bin", (args) -> received.add(args[0]));
		byte[] payload = { 0, 1, 2, (byte) 250 };
		io(0).emit("bin", (Object) payload);
		assertThat(received.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo(payload);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void socketsJoinLeaveAndDisconnectActOnOtherNodes(String transport) throws Exception {
		Socket onB = connect(1, transport, "/");
		Socket onC = connect(2, transport, "/");
		BlockingQueue<String> received = listen("news", onB, onC);
		BlockingQueue<Object> disconnected = new LinkedBlockingQueue<>();
		onC.on(Socket.EVENT_DISCONNECT, (args) -> disconnected.add(args[0]));

		io(0).to(onB.id()).socketsJoin("green");
		awaitRooms(onB, "green", true);
		io(0).to("green").emit("news", "green");
		assertThat(drain(received, 1)).containsExactly(onB.id() + ":green");

		io(0).to(onB.id()).socketsLeave("green");
		awaitRooms(onB, "green", false);

		io(0).to(onC.id()).disconnectSockets(false);
		assertThat(disconnected.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
		assertThat(onB.connected()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void fetchSocketsDescribesSocketsOfEveryNode(String transport) throws Exception {
		String room = "fetch-" + transport;
		Socket onA = connect(0, transport, "/", Map.of("token", "ta"));
		Socket onB = connect(1, transport, "/", Map.of("token", "tb"));
		ack(onA, "join", room);
		ack(onB, "join", room);
		ack(onB, "remember", "color", "blue");
		List<IoSocketDetails> sockets = io(2).to(room).fetchSockets().get(TIMEOUT, TimeUnit.SECONDS);
		assertThat(sockets).extracting(IoSocketDetails::id).containsExactlyInAnyOrder(onA.id(), onB.id());
		IoSocketDetails b = sockets.stream().filter((s) -> s.id().equals(onB.id())).findFirst().orElseThrow();
		assertThat(b.rooms()).contains(room, onB.id());
		assertThat(b.handshake().auth()).containsEntry("token", "tb");
		assertThat(b.data()).containsEntry("color", "blue");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket" })
	void serverSideEmitReachesTheOtherNodesHandlers(String transport) throws Exception {
		List<Object> answers = io(0).serverSideEmitWithAck("hello-servers", "hi").get(TIMEOUT, TimeUnit.SECONDS);
		assertThat(answers).hasSize(2);
		assertThat(answers.toString()).contains("node=b", "node=c").doesNotContain("node=a");
		io(1).serverSideEmit("remember-everywhere", "x");
		RedisTestNode.Recorder a = nodes.get(0).getBean(RedisTestNode.Recorder.class);
		assertThat(a.events.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("remember-everywhere:x");
		assertThat(nodes.get(1).getBean(RedisTestNode.Recorder.class).events).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void namespacesStaySeparateAcrossNodes(String transport) throws Exception {
		Socket custom = connect(1, transport, "/custom");
		Socket main = connect(1, transport, "/");
		BlockingQueue<String> received = listen("news", custom, main);
		io(0).of("/custom").emit("news", "custom-only");
		assertThat(drain(received, 1)).containsExactly(custom.id() + ":custom-only");
	}

	private Socket connect(int node, String transport, String namespace) throws Exception {
		return connect(node, transport, namespace, null);
	}

	private Socket connect(int node, String transport, String namespace, Map<String, String> auth)
			throws Exception {
		return this.clients.connect(nodes.get(node).getBean(IoServer.class).port(), transport, namespace, auth);
	}

}
