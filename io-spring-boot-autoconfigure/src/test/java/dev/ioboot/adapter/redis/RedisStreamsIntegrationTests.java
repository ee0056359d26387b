package dev.ioboot.adapter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.socket.client.Socket;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.ioboot.Io;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoSocketDetails;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.RawEngineIoClient;
import dev.ioboot.testsupport.RawEngineIoClient.RawWebSocket;
import dev.ioboot.testsupport.RawSocketIo;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.RawSocketIo.connectPayload;
import static dev.ioboot.testsupport.RawSocketIo.event;
import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static dev.ioboot.testsupport.TestClients.drain;
import static dev.ioboot.testsupport.TestClients.listen;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on the Redis Streams adapter, on the Redis at 127.0.0.1:6379, with connection
 * state recovery: cross-node operations with real socket.io clients, and a client that
 * recovers on the other node, checked packet by packet with a raw websocket.
 */
class RedisStreamsIntegrationTests {

	private static final String KEY = "io-streams-test-" + UUID.randomUUID();

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final TestClients clients = new TestClients();

	private RawEngineIoClient rawA;

	private RawEngineIoClient rawB;

	@BeforeAll
	static void startNodes() {
		for (String name : List.of("a", "b")) {
			nodes.add(new SpringApplicationBuilder(RedisTestNode.class)
				.web(WebApplicationType.NONE)
				.properties("io.socket.server-options.port=0", "io.adapter.type=redis-streams",
						"io.adapter.redis.key-prefix=" + KEY, "io.adapter.redis.streams.name=" + KEY,
						"io.adapter.redis.streams.session-key-prefix=" + KEY + ":session:",
						"io.adapter.redis.request-timeout=3s", "io.namespaces=/,/custom",
						"io.socket.server-options.connection-state-recovery.enabled=true",
						"io.socket.server-options.connection-state-recovery.max-disconnection-duration=30s",
						"node.name=" + name, "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379")
				.run());
		}
	}

	@AfterAll
	static void stopNodes() {
		try (RedisConnection connection = redis()) {
			connection.keyCommands().del(KEY.getBytes());
		}
		nodes.forEach(ConfigurableApplicationContext::close);
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
		if (this.rawA != null) {
			this.rawA.shutdown();
		}
		if (this.rawB != null) {
			this.rawB.shutdown();
		}
	}

	private static Io io(int node) {
		return nodes.get(node).getBean(Io.class);
	}

	private static int port(int node) {
		return nodes.get(node).getBean(IoServer.class).port();
	}

	@Test
	void adapterIsTheStreamsAdapter() {
		assertThat(nodes.get(0).getBean(IoAdapter.class)).isInstanceOf(RedisStreamsIoAdapter.class);
		assertThat(nodes.get(0).getBean(IoAdapter.class).state()).isEqualTo("redis-streams: connected");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void broadcastsRoomsOperationsAndFetchSocketsCrossNodes(String transport) throws Exception {
		Socket onA = connect(0, transport);
		Socket onB = connect(1, transport);
		BlockingQueue<String> received = listen("news", onA, onB);
		assertThat(ack(onB, "join", "red")).containsExactly(true);
		assertThat(ack(onB, "remember", "color", "blue")).containsExactly(true);

		io(0).to("red").emit("news", "red");
		assertThat(drain(received, 1)).containsExactly(onB.id() + ":red");
		io(1).emit("news", "all");
		assertThat(drain(received, 2)).containsExactlyInAnyOrder(onA.id() + ":all", onB.id() + ":all");

		io(0).to(onB.id()).socketsJoin("green");
		io(0).to("green").emit("news", "green");
		assertThat(drain(received, 1)).as("a join travels the stream before the broadcast that follows it")
			.containsExactly(onB.id() + ":green");

		List<IoSocketDetails> sockets = io(0).to("red").fetchSockets().get(TIMEOUT, TimeUnit.SECONDS);
		assertThat(sockets).extracting(IoSocketDetails::id).containsExactly(onB.id());
		assertThat(sockets.get(0).rooms()).contains("red", "green", onB.id());
		assertThat(sockets.get(0).data()).containsEntry("color", "blue");

		BlockingQueue<Object> disconnected = new LinkedBlockingQueue<>();
		onB.on(Socket.EVENT_DISCONNECT, (args) -> disconnected.add(args[0]));
		io(0).to(onB.id()).disconnectSockets(false);
		assertThat(disconnected.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
	}

	@Test
	void serverSideEmitAndBroadcastAcknowledgementsCrossNodes() throws Exception {
		List<Object> answers = io(0).serverSideEmitWithAck("hello-servers", "hi").get(TIMEOUT, TimeUnit.SECONDS);
		assertThat(answers).hasSize(1);
		assertThat(answers.toString()).contains("node=b");

		Socket onB = connect(1, "websocket");
		onB.on("vote?", (args) -> ((io.socket.client.Ack) args[args.length - 1]).call("yes from b"));
		ack(onB, "join", "voters");
		List<Object> votes = io(0).to("voters").timeout(Duration.ofSeconds(5)).emitWithAck("vote?")
			.get(TIMEOUT, TimeUnit.SECONDS);
		assertThat(votes).containsExactly("yes from b");
	}

	@Test
	void clientRecoversOnTheOtherNodeWithItsStateAndEveryMissedPacketInOrder() throws Exception {
		this.rawA = new RawEngineIoClient(port(0));
		RawWebSocket first = this.rawA.webSocket();
		JSONObject connected = connectPayload(first.connect("40"));
		String sid = connected.getString("sid");
		assertThat(RawSocketIo.ack(first, 1, "[\"join\",\"room-a\"]")).isEqualTo("[true]");
		assertThat(RawSocketIo.ack(first, 2, "[\"remember\",\"color\",\"blue\"]")).isEqualTo("[true]");
		// kept in Redis while connected, so that a node that dies leaves it behind: for the
		// 30 s window plus the 10 s refresh interval
		byte[] liveKey = (KEY + ":session:" + connected.getString("pid")).getBytes();
		awaitRedis((redis) -> {
			Long ttl = redis.keyCommands().pTtl(liveKey);
			return ttl != null && ttl > 30_000 && ttl <= 40_000;
		});
		io(1).to("room-a").emit("news", 1);
		JSONArray news1 = event(first.nextText());
		assertThat(news1.get(1)).isEqualTo(1);
		String offset = news1.getString(2);
		assertThat(offset).as("a stream entry id").matches("[0-9]+-[0-9]+");

		first.abort();
		awaitGone(0, sid);
		// one node's broadcasts keep their order in the stream (two nodes' may interleave)
		io(0).to("room-b").emit("elsewhere", "not for it");
		io(1).to("room-a").emit("news", 2);
		io(1).except("room-a").emit("all-but-a", "not for it");
		io(1).emit("all", "x");
		io(1).to(sid).emit("news", 3);
		// the client comes back once its session is kept and the broadcasts are in the stream
		byte[] sessionKey = (KEY + ":session:" + connected.getString("pid")).getBytes();
		awaitRedis((redis) -> redis.keyCommands().exists(sessionKey));
		awaitRedis((redis) -> redis.streamCommands()
			.xRange(KEY.getBytes(), Range.rightUnbounded(Range.Bound.exclusive(offset)))
			.size() == 5);

		this.rawB = new RawEngineIoClient(port(1));
		RawWebSocket second = this.rawB.webSocket();
		second.send("40" + new JSONObject(Map.of("pid", connected.getString("pid"), "offset", offset)));
		List<Object> missed = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			JSONArray packet = event(second.nextText());
			missed.add(packet.get(0) + "=" + packet.get(1));
		}
		assertThat(missed).containsExactly("news=2", "all=x", "news=3");
		JSONObject reconnected = connectPayload(second.nextText());
		assertThat(reconnected.getString("sid")).isEqualTo(sid);
		assertThat(reconnected.getString("pid")).isEqualTo(connected.getString("pid"));
		assertThat(RawSocketIo.ack(second, 3, "[\"rooms\"]")).contains("room-a");
		List<IoSocketDetails> recovered = io(0).to(sid).fetchSockets().get(TIMEOUT, TimeUnit.SECONDS);
		assertThat(recovered).singleElement().satisfies((socket) -> {
			assertThat(socket.data()).containsEntry("color", "blue");
			assertThat(socket.rooms()).contains("room-a", sid);
		});
		io(0).to("room-a").emit("news", 4);
		JSONArray live = event(second.nextText());
		assertThat(List.of(live.get(0), live.get(1))).containsExactly("news", 4);
	}

	@Test
	void broadcastsDuringTheRecoveryReachTheClientExactlyOnce() throws Exception {
		this.rawA = new RawEngineIoClient(port(0));
		RawWebSocket first = this.rawA.webSocket();
		JSONObject connected = connectPayload(first.connect("40"));
		String sid = connected.getString("sid");
		RawSocketIo.ack(first, 1, "[\"join\",\"busy\"]");
		io(0).to("busy").emit("seq", 0);
		String offset = event(first.nextText()).getString(2);
		first.abort();
		awaitGone(0, sid);
		byte[] sessionKey = (KEY + ":session:" + connected.getString("pid")).getBytes();
		awaitRedis((redis) -> redis.keyCommands().exists(sessionKey));

		// broadcasts from both nodes before, while and after the client recovers
		AtomicInteger sent = new AtomicInteger();
		for (int i = 0; i < 100; i++) {
			int seq = sent.incrementAndGet();
			io(seq % 2).to("busy").emit("seq", seq);
		}
		AtomicBoolean stop = new AtomicBoolean();
		CompletableFuture<Integer> sender = CompletableFuture.supplyAsync(() -> {
			while (!stop.get()) {
				int seq = sent.incrementAndGet();
				io(seq % 2).to("busy").emit("seq", seq);
				if (seq % 50 == 0) {
					Thread.yield();
				}
			}
			return sent.get();
		});
		this.rawB = new RawEngineIoClient(port(1));
		RawWebSocket second = this.rawB.webSocket();
		second.send("40" + new JSONObject(Map.of("pid", connected.getString("pid"), "offset", offset)));
		List<Integer> received = new ArrayList<>();
		boolean connectSeen = false;
		while (!connectSeen) {
			String packet = second.nextText();
			if (packet.startsWith("40")) {
				assertThat(connectPayload(packet).getString("sid")).isEqualTo(sid);
				connectSeen = true;
			}
			else {
				received.add(event(packet).getInt(1));
			}
		}
		int atConnect = sent.get();
		while (sent.get() < atConnect + 100) {
			Thread.onSpinWait();
		}
		stop.set(true);
		int last = sender.get(TIMEOUT, TimeUnit.SECONDS);
		while (received.size() < last) {
			received.add(event(second.nextText()).getInt(1));
		}
		List<Integer> expected = new ArrayList<>();
		for (int i = 1; i <= last; i++) {
			expected.add(i);
		}
		// two nodes send, each in order; each broadcast reaches the client once
		assertThat(received).hasSize(last).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(received.stream().filter((n) -> n % 2 == 1)).isSorted();
		assertThat(received.stream().filter((n) -> n % 2 == 0)).isSorted();
	}

	private static RedisConnection redis() {
		return nodes.get(0).getBean(RedisConnectionFactory.class).getConnection();
	}

	private static void awaitRedis(Function<RedisConnection, Boolean> condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT).toNanos();
		try (RedisConnection connection = redis()) {
			while (!Boolean.TRUE.equals(condition.apply(connection))) {
				assertThat(System.nanoTime()).as("Redis reached the expected state").isLessThan(deadline);
			}
		}
	}

	private static void awaitGone(int node, String sid) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT).toNanos();
		while (io(node).socket("/", sid).isPresent()) {
			assertThat(System.nanoTime()).as("socket " + sid + " disconnected").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	private Socket connect(int node, String transport) throws Exception {
		return this.clients.connect(port(node), transport, "/", null);
	}

}
