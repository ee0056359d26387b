package dev.ioboot.adapter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.socket.client.Ack;
import io.socket.client.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.ioboot.Io;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoSocketDetails;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.LogOutput;
import dev.ioboot.testsupport.RedisClusterProcesses;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.adapter.redis.RedisTestNode.awaitRooms;
import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static dev.ioboot.testsupport.TestClients.drain;
import static dev.ioboot.testsupport.TestClients.listen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two nodes on a local Redis Cluster (three masters, three replicas, started for these
 * tests), with real socket.io clients on each: every cross-node operation, for the sharded
 * adapter in each subscription mode and for the classic adapter on a cluster.
 */
class RedisClusterAdapterIntegrationTests {

	@Nested
	@ExtendWith(OutputCaptureExtension.class)
	class ShardedStatic extends Scenarios {

		ShardedStatic() {
			super("io.adapter.redis.sharded=true", "io.adapter.redis.subscription-mode=static");
		}

		@Test
		void malformedMessagesAreLoggedOnceAndDropped(CapturedOutput output) throws Exception {
			Socket onB = connect(1, "/");
			BlockingQueue<String> received = listen("news", onB);
			RedisClusterClient client = (RedisClusterClient) this.nodes.get(0)
				.getBean(LettuceConnectionFactory.class)
				.getRequiredNativeClient();
			try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
				String channel = this.key + "#/#";
				for (String malformed : List.of("{not json", "\u0093\u0001", "{\"type\":3,\"nsp\":\"/\",\"uid\":\"x\","
						+ "\"data\":{\"packet\":{\"type\":2,\"data\":[]}}}", "{\"type\":4,\"nsp\":\"/\",\"uid\":\"x\","
						+ "\"data\":{\"opts\":5,\"rooms\":[\"a\"]}}", "[1,2,3]")) {
					connection.sync().spublish(channel, malformed);
				}
			}
			io(0).emit("news", "after");
			assertThat(drain(received, 1)).containsExactly(onB.id() + ":after");
			// each node saw the five, and logged the first only
			assertThat(LogOutput.occurrences(output, "Dropping a malformed cluster message (further ones")).isEqualTo(2);
		}

	}

	@Nested
	class ShardedDynamic extends Scenarios {

		ShardedDynamic() {
			super("io.adapter.redis.sharded=true", "io.adapter.redis.subscription-mode=dynamic");
		}

		@Test
		void roomsGetChannelsOfTheirOwnSocketIdsOnlyWhenNotTwentyCharactersLong() throws Exception {
			Socket onB = connect(1, "/");
			ack(onB, "join", "lobby");
			ack(onB, "join", "twenty-characters-id");
			ShardedRedisIoAdapter adapter = this.nodes.get(1).getBean(ShardedRedisIoAdapter.class);
			assertThat(adapter.roomChannels()).contains(this.key + "#/#lobby#", this.key + "#/#" + onB.id() + "#")
				.doesNotContain(this.key + "#/#twenty-characters-id#");
		}

	}

	@Nested
	class ShardedDynamicPrivate extends Scenarios {

		ShardedDynamicPrivate() {
			super("io.adapter.redis.sharded=true", "io.adapter.redis.subscription-mode=dynamic-private");
		}

		@Test
		void socketRoomsGetChannelsToo() throws Exception {
			Socket onB = connect(1, "/");
			ShardedRedisIoAdapter adapter = this.nodes.get(1).getBean(ShardedRedisIoAdapter.class);
			assertThat(adapter.roomChannels()).contains(this.key + "#/#" + onB.id() + "#");
		}

	}

	@Nested
	class Classic extends Scenarios {

		Classic() {
			super("io.adapter.redis.sharded=false");
		}

		@Test
		void theClassicAdapterRuns() {
			assertThat(this.nodes.get(0).getBean(IoAdapter.class)).isInstanceOf(RedisIoAdapter.class);
		}

	}

	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	abstract static class Scenarios {

		final String key = "io-cluster-" + UUID.randomUUID();

		final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

		private final TestClients clients = new TestClients();

		private final String[] properties;

		Scenarios(String... properties) {
			this.properties = properties;
		}

		@BeforeAll
		void startNodes() throws Exception {
			assumeTrue(RedisClusterProcesses.isAvailable(), "redis-server and redis-cli are not installed");
			RedisClusterProcesses cluster = RedisClusterProcesses.shared();
			for (String name : List.of("a", "b")) {
				this.nodes.add(new SpringApplicationBuilder(RedisTestNode.class).web(WebApplicationType.NONE)
					.properties("io.socket.server-options.port=0", "io.adapter.type=redis",
							"io.adapter.redis.key-prefix=" + this.key, "io.adapter.redis.request-timeout=3s",
							"io.namespaces=/,/custom", "node.name=" + name,
							"spring.data.redis.cluster.nodes=" + cluster.nodes())
					.properties(this.properties)
					.run());
			}
		}

		@AfterAll
		void stopNodes() {
			this.nodes.forEach(ConfigurableApplicationContext::close);
		}

		@AfterEach
		void closeClients() {
			this.clients.closeAll();
		}

		Io io(int node) {
			return this.nodes.get(node).getBean(Io.class);
		}

		@Test
		void broadcastsReachTheOtherNodeWithRoomsExceptAndSocketIds() throws Exception {
			Socket onA = connect(0, "/");
			Socket onB = connect(1, "/");
			Socket other = connect(1, "/");
			BlockingQueue<String> received = listen("news", onA, onB, other);
			ack(onB, "join", "red");
			ack(other, "join", "red");
			ack(other, "join", "blue");
			awaitRoomChannel(1, "red");
			awaitRoomChannel(1, onB.id());

			io(0).emit("news", "all");
			assertThat(drain(received, 3)).containsExactlyInAnyOrder(onA.id() + ":all", onB.id() + ":all",
					other.id() + ":all");
			io(0).to("red").emit("news", "red");
			assertThat(drain(received, 2)).containsExactlyInAnyOrder(onB.id() + ":red", other.id() + ":red");
			io(0).to("red").except("blue").emit("news", "red-not-blue");
			assertThat(drain(received, 1)).containsExactly(onB.id() + ":red-not-blue");
			io(0).to(onB.id()).emit("news", "to-b");
			assertThat(drain(received, 1)).containsExactly(onB.id() + ":to-b");
			io(0).of("/custom").emit("news", "custom-only");
			io(0).to("red", "blue").emit("news", "red-or-blue");
			assertThat(drain(received, 2)).containsExactlyInAnyOrder(onB.id() + ":red-or-blue",
					other.id() + ":red-or-blue");
		}

		@Test
		void binaryCrossesNodes() throws Exception {
			Socket onB = connect(1, "/");
			BlockingQueue<Object> received = new LinkedBlockingQueue<>();
			onB.on("bin", (args) -> received.add(args[0]));
			byte[] payload = { 0, 1, 2, (byte) 250 };
			io(0).emit("bin", (Object) payload);
			assertThat(received.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo(payload);
		}

		@Test
		void socketsJoinLeaveAndDisconnectActOnTheOtherNode() throws Exception {
			Socket onB = connect(1, "/");
			Socket leaving = connect(1, "/");
			BlockingQueue<String> received = listen("news", onB);
			BlockingQueue<Object> disconnected = new LinkedBlockingQueue<>();
			leaving.on(Socket.EVENT_DISCONNECT, (args) -> disconnected.add(args[0]));

			io(0).to(onB.id()).socketsJoin("green");
			awaitRooms(onB, "green", true);
			awaitRoomChannel(1, "green");
			io(0).to("green").emit("news", "green");
			assertThat(drain(received, 1)).containsExactly(onB.id() + ":green");
			io(0).to(onB.id()).socketsLeave("green");
			awaitRooms(onB, "green", false);
			io(0).to(leaving.id()).disconnectSockets(false);
			assertThat(disconnected.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
			assertThat(onB.connected()).isTrue();
		}

		@Test
		void fetchSocketsDescribesTheSocketsOfBothNodes() throws Exception {
			Socket onA = connect(0, "/");
			Socket onB = connect(1, "/");
			ack(onA, "join", "fetch");
			ack(onB, "join", "fetch");
			ack(onB, "remember", "color", "blue");
			List<IoSocketDetails> sockets = io(0).to("fetch").fetchSockets().get(TIMEOUT, TimeUnit.SECONDS);
			assertThat(sockets).extracting(IoSocketDetails::id).containsExactlyInAnyOrder(onA.id(), onB.id());
			IoSocketDetails b = sockets.stream().filter((s) -> s.id().equals(onB.id())).findFirst().orElseThrow();
			assertThat(b.rooms()).contains("fetch", onB.id());
			assertThat(b.data()).containsEntry("color", "blue");
		}

		@Test
		void serverSideEmitReachesTheOtherNodesHandlers() throws Exception {
			List<Object> answers = io(0).serverSideEmitWithAck("hello-servers", "hi").get(TIMEOUT, TimeUnit.SECONDS);
			assertThat(answers).hasSize(1);
			assertThat(answers.toString()).contains("node=b");
			io(1).serverSideEmit("remember-everywhere", "x");
			RedisTestNode.Recorder a = this.nodes.get(0).getBean(RedisTestNode.Recorder.class);
			assertThat(a.events.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("remember-everywhere:x");
		}

		@Test
		void broadcastAcknowledgementsComeBackFromTheOtherNode() throws Exception {
			Socket onA = connect(0, "/");
			Socket onB = connect(1, "/");
			onA.on("question", (args) -> ((Ack) args[args.length - 1]).call("from-a"));
			onB.on("question", (args) -> ((Ack) args[args.length - 1]).call("from-b"));
			List<Object> answers = io(0).timeout(Duration.ofSeconds(5))
				.emitWithAck("question", 1)
				.get(TIMEOUT, TimeUnit.SECONDS);
			assertThat(answers).containsExactlyInAnyOrder("from-a", "from-b");
		}

		/**
		 * Wait until a room's own channel has its subscriber, where the subscription mode
		 * gives the room one. A join subscribes without waiting for Redis, as in socket.io's
		 * sharded adapter, and a broadcast to the room published before the subscription is
		 * applied reaches no one on that node.
		 */
		void awaitRoomChannel(int node, String room) throws Exception {
			String channel = this.key + "#/#" + room + "#";
			IoAdapter adapter = this.nodes.get(node).getBean(IoAdapter.class);
			if (!(adapter instanceof ShardedRedisIoAdapter sharded) || !sharded.roomChannels().contains(channel)) {
				return;
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT).toNanos();
			while (sharded.subscribers(channel).get(TIMEOUT, TimeUnit.SECONDS) == 0) {
				assertThat(System.nanoTime()).as("subscribed to " + channel).isLessThan(deadline);
			}
		}

		Socket connect(int node, String namespace) throws Exception {
			return this.clients.connect(this.nodes.get(node).getBean(IoServer.class).port(), "websocket", namespace,
					null);
		}

	}

}
