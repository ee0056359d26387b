package dev.ioboot.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.socket.client.Socket;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
import dev.ioboot.autoconfigure.IoProperties;
import dev.ioboot.event.IoAck;
import dev.ioboot.event.IoEvent;
import dev.ioboot.testsupport.RawEngineIoClient;
import dev.ioboot.testsupport.RawEngineIoClient.RawPolling;
import dev.ioboot.testsupport.RawEngineIoClient.RawWebSocket;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.ack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input sent over real connections, websocket and long-polling: each test shows what
 * the hostile connection gets (a bad packet closes that connection, as socket.io does), that
 * the server logs it once, in a bounded line, and that well-behaved clients connected before
 * are still served and new ones can connect.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputIntegrationTests {

	private static final int CYCLE_WORKERS = 3;

	private static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";

	private static final String INVALID_PACKET_LOG = " after an invalid packet: ";

	/** The longest log line a hostile packet may cause. */
	private static final int MAX_LOG_LINE = 2_000;

	private static final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private static ConfigurableApplicationContext context;

	private static IoServer server;

	private static int port;

	private static RawEngineIoClient raw;

	/** The websockets the test opened with {@link #raw}. */
	private static final List<RawWebSocket> openWebSockets = new CopyOnWriteArrayList<>();

	/** Sockets connected minus sockets disconnected, as the server reports them to listeners. */
	private static final AtomicInteger socketBalance = new AtomicInteger();

	private final TestClients clients = new TestClients();

	private Socket webSocketBystander;

	private Socket pollingBystander;

	@BeforeAll
	static void startServer() {
		context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "io.namespaces=/,/custom",
					// a client that vanishes without closing is let go within 7 seconds
					"io.socket.server-options.ping-interval=2s", "io.socket.server-options.ping-timeout=5s")
			.run();
		server = context.getBean(IoServer.class);
		port = server.port();
		server.addListener(new IoServerListener() {

			@Override
			public void socketConnected(String namespace) {
				socketBalance.incrementAndGet();
			}

			@Override
			public void socketDisconnected(String namespace) {
				socketBalance.decrementAndGet();
			}

		});
		raw = new RawEngineIoClient(port);
	}

	@AfterAll
	static void stopServer() {
		raw.shutdown();
		context.close();
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
		// the raw websockets answer pings: the server would keep those left open
		openWebSockets.forEach(RawWebSocket::abort);
		openWebSockets.clear();
	}

	// ---- invalid packets: each closes the connection that sent it

	static Stream<Arguments> invalidPackets() {
		String placeholder = "{\"_placeholder\":true,\"num\":0}";
		return Stream.of(
				// Engine.IO
				Arguments.of("unknown Engine.IO type 9", "9"),
				Arguments.of("unknown Engine.IO type x", "x"),
				Arguments.of("empty packet", ""),
				Arguments.of("OPEN from a client", "0"),
				Arguments.of("PING from a v4 client", "2"),
				Arguments.of("UPGRADE outside an upgrade", "5"),
				// Socket.IO
				Arguments.of("unknown Socket.IO type 7", "47[\"echo\"]"),
				Arguments.of("unknown Socket.IO type x", "4x[\"echo\"]"),
				Arguments.of("CONNECT_ERROR from a client", "44{\"message\":\"x\"}"),
				Arguments.of("empty Socket.IO packet", "4"),
				Arguments.of("broken JSON", "42[\"echo\","),
				Arguments.of("trailing garbage", "42[\"echo\"]]"),
				Arguments.of("event that is an object", "42{\"echo\":1}"),
				Arguments.of("event without a name", "42[]"),
				Arguments.of("reserved event name", "42[\"disconnect\"]"),
				Arguments.of("second CONNECT", "40"),
				Arguments.of("absurd attachment count", "451000000000-[\"echo\"," + placeholder + "]"),
				Arguments.of("negative attachment count", "45-1-[\"echo\"," + placeholder + "]"),
				Arguments.of("too many attachments", "459999-[\"echo\"," + placeholder + "]"),
				Arguments.of("binary event without a count", "45[\"echo\"," + placeholder + "]"),
				Arguments.of("ack id of 22 digits", "421234567890123456789012[\"echo\"]"),
				Arguments.of("ack without an id", "43[\"x\"]"),
				Arguments.of("event for a namespace never connected", "42/custom,[\"echo\"]"),
				Arguments.of("DISCONNECT for a namespace never connected", "41/custom,"),
				Arguments.of("event for an unknown namespace", "42/nowhere,[\"echo\"]"),
				Arguments.of("100,000 nested arrays", "42[\"echo\"," + "[".repeat(100_000) + "]"),
				Arguments.of("2,000 nested objects",
						"42[\"echo\"," + "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000) + "]"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidPackets")
	void invalidPacketOnWebSocketClosesOnlyThatConnection(String description, String packet, CapturedOutput output)
			throws Exception {
		connectBystanders();
		RawWebSocket hostile = connectedWebSocket();
		hostile.send(packet);
		assertThat(hostile.awaitClose()).as(description).isNotNull();
		assertInvalidPacketLoggedOnce(output, hostile.sid());
		assertBystandersServed();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidPackets")
	void invalidPacketOnPollingClosesOnlyThatSession(String description, String packet, CapturedOutput output)
			throws Exception {
		connectBystanders();
		RawPolling hostile = connectedPolling();
		assertThat(hostile.post(packet).statusCode()).isEqualTo(200);
		assertSessionUnknown(hostile);
		assertInvalidPacketLoggedOnce(output, hostile.sid());
		assertBystandersServed();
	}

	@Test
	void binaryMessageWhereTextIsExpectedClosesTheConnection(CapturedOutput output) throws Exception {
		connectBystanders();
		RawWebSocket webSocket = connectedWebSocket();
		webSocket.send(new byte[] { 1, 2, 3 });
		assertThat(webSocket.awaitClose()).isNotNull();
		assertInvalidPacketLoggedOnce(output, webSocket.sid());
		RawPolling polling = connectedPolling();
		assertThat(polling.post("bAQID").statusCode()).isEqualTo(200);
		assertSessionUnknown(polling);
		assertInvalidPacketLoggedOnce(output, polling.sid());
		assertBystandersServed();
	}

	@Test
	void invalidBase64InPollingPayloadClosesTheSession(CapturedOutput output) throws Exception {
		connectBystanders();
		RawPolling polling = connectedPolling();
		HttpResponse<String> response = polling.post("b!!!not base64");
		assertThat(response.statusCode()).isEqualTo(400);
		assertSessionUnknown(polling);
		assertLogLinesBounded(output);
		assertBystandersServed();
	}

	@Test
	void invalidBase64InPollingPayloadIsLoggedOnce(CapturedOutput output) throws Exception {
		RawPolling polling = connectedPolling();
		assertThat(polling.post("b!!!not base64").statusCode()).isEqualTo(400);
		assertInvalidPacketLoggedOnce(output, polling.sid());
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void namespaceOf100KilobytesIsRefusedAndNotLoggedWhole(String transport, CapturedOutput output) throws Exception {
		connectBystanders();
		String namespace = "/" + "n".repeat(100_000);
		// CONNECT to it: refused like any unknown namespace, the connection stays usable
		Hostile hostile = hostile(transport);
		assertThat(hostile.exchange("40" + namespace + ","))
			.containsExactly("44" + namespace + ",{\"message\":\"Invalid namespace\"}");
		assertThat(hostile.exchange("421[\"echo\",\"still\"]")).containsExactly("431[\"still\"]");
		// an event for it: the connection is closed, and the log line does not hold 100 KB
		hostile.sendAndAssertClosed("42" + namespace + ",[\"echo\"]");
		assertInvalidPacketLoggedOnce(output, hostile.sid());
		assertBystandersServed();
	}

	// ---- input that is valid but unusual: the connection stays open

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void ackForAnIdNeverSentIsDropped(String transport, CapturedOutput output) throws Exception {
		connectBystanders();
		Hostile hostile = hostile(transport);
		hostile.send("4399[\"x\"]");
		hostile.send("435[]");
		assertThat(hostile.exchange("427[\"echo\",\"after\"]")).containsExactly("437[\"after\"]");
		assertThat(output.getOut()).doesNotContain(hostile.sid());
		assertBystandersServed();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void eventNameOf100KilobytesIsDroppedWithoutAck(String transport, CapturedOutput output) throws Exception {
		connectBystanders();
		Hostile hostile = hostile(transport);
		String name = "e".repeat(100_000);
		hostile.send("421[\"" + name + "\",\"x\"]");
		// handlers of one socket run in order: an ack for id 1 would come before the one for id 2
		assertThat(hostile.exchange("422[\"echo\",\"after\"]")).containsExactly("432[\"after\"]");
		assertThat(output.getOut()).doesNotContain(name.substring(0, 1_000));
		assertLogLinesBounded(output);
		assertBystandersServed();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void nestingJustUnderTheParserLimitIsEchoed(String transport, CapturedOutput output) throws Exception {
		connectBystanders();
		Hostile hostile = hostile(transport);
		// the packet's array and 999 more: 1,000 levels, the most Jackson reads by default
		String nested = "[".repeat(999) + "]".repeat(999);
		assertThat(hostile.exchange("421[\"echo\"," + nested + "]")).containsExactly("431[" + nested + "]");
		assertLogLinesBounded(output);
		assertBystandersServed();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void packetsAfterDisconnectCloseTheConnection(String transport, CapturedOutput output) throws Exception {
		connectBystanders();
		Hostile hostile = hostile(transport);
		hostile.send("41");
		hostile.sendAndAssertClosed("421[\"echo\",\"after disconnect\"]");
		assertInvalidPacketLoggedOnce(output, hostile.sid());
		assertBystandersServed();
	}

	// ---- the auth payload

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void authWithArraysAndHugeStringsIsAccepted(String transport) throws Exception {
		connectBystanders();
		Hostile hostile = hostile(transport, null);
		String huge = "x".repeat(900_000);
		List<String> connected = hostile.exchange("40{\"token\":[1,2,3],\"x\":\"" + huge + "\"}");
		assertThat(connected).singleElement().asString().startsWith("40{\"sid\":");
		List<String> auth = hostile.exchange("421[\"auth\"]");
		assertThat(auth).singleElement().asString().startsWith("431[{");
		JSONObject echoed = new JSONArray(auth.get(0).substring(3)).getJSONObject(0);
		assertThat(echoed.getJSONArray("token").toString()).isEqualTo("[1,2,3]");
		assertThat(echoed.getString("x")).hasSize(huge.length());
		assertBystandersServed();
	}

	static Stream<Arguments> invalidAuth() {
		return Stream.of(Arguments.of("array as the whole auth", "40[\"a\"]"),
				Arguments.of("string as the whole auth", "40\"token\""),
				Arguments.of("100,000 nested arrays", "40" + "[".repeat(100_000)),
				Arguments.of("2,000 nested objects", "40" + "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)));
	}

	@ParameterizedTest(name = "{0} over websocket")
	@MethodSource("invalidAuth")
	void invalidAuthClosesTheWebSocket(String description, String connect, CapturedOutput output) throws Exception {
		connectBystanders();
		RawWebSocket hostile = openWebSocket();
		hostile.send(connect);
		assertThat(hostile.awaitClose()).isNotNull();
		assertThat(hostile.pending()).as("nothing but the close").isEmpty();
		assertInvalidPacketLoggedOnce(output, hostile.sid());
		assertBystandersServed();
	}

	@ParameterizedTest(name = "{0} over polling")
	@MethodSource("invalidAuth")
	void invalidAuthClosesThePollingSession(String description, String connect, CapturedOutput output)
			throws Exception {
		connectBystanders();
		RawPolling hostile = raw.polling();
		assertThat(hostile.post(connect).statusCode()).isEqualTo(200);
		assertSessionUnknown(hostile);
		assertInvalidPacketLoggedOnce(output, hostile.sid());
		assertBystandersServed();
	}

	// ---- binary attachments

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void textPacketWhileAttachmentsArePendingClosesTheConnection(String transport, CapturedOutput output)
			throws Exception {
		connectBystanders();
		Hostile hostile = hostile(transport);
		hostile.send("451-[\"echo\",{\"_placeholder\":true,\"num\":0}]");
		hostile.sendAndAssertClosed("42[\"echo\",\"text instead of binary\"]");
		assertInvalidPacketLoggedOnce(output, hostile.sid());
		assertBystandersServed();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void placeholderWithoutItsAttachmentClosesTheConnection(String transport, CapturedOutput output)
			throws Exception {
		connectBystanders();
		Hostile hostile = hostile(transport);
		hostile.send("451-[\"echo\",{\"_placeholder\":true,\"num\":5}]");
		hostile.sendAndAssertClosed(new byte[] { 1 });
		assertInvalidPacketLoggedOnce(output, hostile.sid());
		assertBystandersServed();
	}

	@Test
	void attachmentsThatNeverArriveAreReleasedWithTheConnection() throws Exception {
		connectBystanders();
		assertPendingPacketsReleased((i, packet) -> {
			// closed below: not kept for closing after the test
			RawWebSocket webSocket = connectedWebSocket(raw);
			webSocket.send(packet);
			// what follows the packet on the same connection closes it: the server held the
			// packet, waiting for its attachment, when it closed
			webSocket.send((i % 2 == 0) ? "1" : "42[\"echo\",\"text instead of binary\"]");
			webSocket.awaitClose();
		});
		assertBystandersServed();
	}

	@Test
	void attachmentsThatNeverArriveAreReleasedWithThePollingSession() throws Exception {
		assertPendingPacketsReleased((i, packet) -> {
			RawPolling polling = connectedPolling();
			// answered once the server read the packet, which then waits for its attachment
			assertThat(polling.post(packet).statusCode()).isEqualTo(200);
			if (i % 2 == 0) {
				assertThat(polling.post("1").statusCode()).isEqualTo(200);
				assertThat(polling.get().body()).isEqualTo("6");
			}
			else {
				assertThat(polling.post("42[\"echo\"]").statusCode()).isEqualTo(200);
				assertSessionUnknown(polling);
			}
		});
	}

	/**
	 * Send packets of about 900 KB that announce an attachment, never send it, close the
	 * connections, and check that the heap does not keep the packets.
	 */
	private void assertPendingPacketsReleased(PendingPacketSender sender) throws Exception {
		int connections = 20;
		int packetSize = 900_000;
		String packet = "451-[\"echo\",{\"_placeholder\":true,\"num\":0},\"" + "p".repeat(packetSize) + "\"]";
		// a warm-up on each event loop: the JSON parser keeps its largest buffers for reuse
		for (int i = 0; i < 4; i++) {
			sender.send(i, packet);
		}
		long before = usedHeapAfterGc();
		for (int i = 0; i < connections; i++) {
			sender.send(i, packet);
		}
		long closed = usedHeapAfterGc() - before;
		// a pending packet holds at least its 900 KB string: keeping one of the twenty shows;
		// a session closed while its next ping was being scheduled is let go by the timer
		// within ping-interval + ping-timeout (7 seconds)
		try {
			awaitCondition("heap back to its baseline", () -> usedHeapAfterGc() - before < packetSize, 500, 10);
		}
		finally {
			System.err.println("Heap growth after " + connections + " closed connections with a pending packet: "
					+ closed + " bytes at once, " + (usedHeapAfterGc() - before) + " after the timers");
		}
	}

	@FunctionalInterface
	private interface PendingPacketSender {

		void send(int i, String packet) throws Exception;

	}

	// ---- payloads beyond max-payload

	@Test
	void framesAndBodiesOf10MegabytesCloseTheSenderAndAreNotKept(CapturedOutput output) throws Exception {
		connectBystanders();
		long before = usedHeapAfterGc();
		List<Attempt> attempts = List.of(sendHugeText(false), sendHugeText(true), sendHugeBinary(), postHugeBody());
		long growth = usedHeapAfterGc() - before;
		System.err.println("10 MB attempts: " + attempts + "; heap growth " + growth + " bytes");
		assertThat(growth).as("heap growth after four 10 MB attempts").isLessThan(10_000_000L);
		for (Attempt attempt : attempts.subList(0, 3)) {
			// "message too big"; or, if the client was still writing when the server closed, the
			// error of that write
			assertThat(attempt.outcome()).matches(".*: (close 1009 .*|error .*IOException.*)");
		}
		for (Attempt attempt : attempts) {
			assertInvalidPacketLoggedOnce(output, attempt.sid());
		}
		assertBystandersServed();
	}

	private static Attempt sendHugeText(boolean fragmented) throws Exception {
		RawWebSocket hostile = connectedWebSocket();
		String packet = "42[\"echo\",\"" + "t".repeat(10 * 1024 * 1024) + "\"]";
		if (fragmented) {
			hostile.sendFragmented(packet, 256 * 1024);
		}
		else {
			hostile.send(packet);
		}
		return new Attempt(hostile.sid(), (fragmented ? "fragmented text: " : "text: ") + hostile.awaitClose());
	}

	private static Attempt sendHugeBinary() throws Exception {
		RawWebSocket hostile = connectedWebSocket();
		hostile.send("451-[\"echo\",{\"_placeholder\":true,\"num\":0}]");
		hostile.send(new byte[10 * 1024 * 1024]);
		return new Attempt(hostile.sid(), "binary: " + hostile.awaitClose());
	}

	private static Attempt postHugeBody() throws Exception {
		RawPolling hostile = connectedPolling();
		String status;
		try {
			status = String.valueOf(
					hostile.post("42[\"echo\",\"" + "t".repeat(10 * 1024 * 1024) + "\"]").statusCode());
		}
		catch (ExecutionException ex) {
			// the server may answer and close before the body is sent
			status = String.valueOf(ex.getCause());
		}
		assertThat(status).as("answer to the 10 MB POST").isEqualTo("413");
		assertSessionUnknown(hostile);
		return new Attempt(hostile.sid(), "POST: " + status);
	}

	record Attempt(String sid, String outcome) {
	}

	// ---- thousands of connections

	@Test
	void thousandsOfWebSocketConnectionsLeaveNothingBehind() throws Exception {
		int cycles = 2_000;
		long heapGrowth = runCyclesAndCheck("websocket", cycles, (client, i) -> {
			switch (i % 10) {
				case 0, 1, 2 -> {
					// closed with an Engine.IO CLOSE packet
					RawWebSocket webSocket = connectedWebSocket(client);
					webSocket.send("1");
					webSocket.awaitClose();
				}
				case 3, 4 -> {
					// closed with a websocket close frame
					RawWebSocket webSocket = connectedWebSocket(client);
					webSocket.close();
					webSocket.awaitClose();
				}
				case 5, 6, 7 -> connectedWebSocket(client).abort(); // TCP connection dropped
				case 8 -> client.webSocket().abort(); // dropped before connecting to a namespace
				default -> javaClientCycle("websocket");
			}
		});
		assertThat(heapGrowth).as("heap growth over %d websocket cycles", cycles).isLessThan(200L * cycles);
	}

	@Test
	void thousandsOfPollingSessionsLeaveNothingBehind() throws Exception {
		int cycles = 1_000;
		// measured once the cycles' client, and so its keep-alive connections, are gone: see
		// pollingSessionsAreNotKeptByTheirKeepAliveConnection for what those connections keep
		long heapGrowth = runCyclesAndCheck("polling", cycles, HostileInputIntegrationTests::pollingCycle);
		assertThat(heapGrowth).as("heap growth over %d polling cycles", cycles).isLessThan(200L * cycles);
	}

	@Test
	void pollingSessionsAreNotKeptByTheirKeepAliveConnection() throws Exception {
		int sessions = 500;
		for (int i = 0; i < 50; i++) {
			openAndClosePollingSession();
		}
		long before = usedHeapAfterGc();
		for (int i = 0; i < sessions; i++) {
			openAndClosePollingSession();
		}
		long closed = usedHeapAfterGc() - before;
		// the shared raw client keeps its connections open; a session closed by its client's
		// CLOSE packet is let go by the timer after ping-timeout
		try {
			awaitCondition("heap back to its baseline", () -> usedHeapAfterGc() - before < 200L * sessions, 500, 10);
		}
		finally {
			System.err.println("Heap growth after " + sessions + " polling sessions over keep-alive connections: "
					+ closed + " bytes at once, " + (usedHeapAfterGc() - before) + " after the timers");
		}
	}

	private static void openAndClosePollingSession() throws Exception {
		RawPolling polling = connectedPolling();
		assertThat(polling.post("1").statusCode()).isEqualTo(200);
		assertThat(polling.get().body()).isEqualTo("6");
	}

	private static void pollingCycle(RawEngineIoClient client, int i) throws Exception {
		switch (i % 10) {
			case 0, 1, 2, 3 -> {
				// closed with a CLOSE packet, answered by the next poll
				RawPolling polling = connectedPolling(client);
				polling.post("1");
				polling.get();
			}
			case 4, 5 -> {
				// the namespace left, then the session closed
				RawPolling polling = connectedPolling(client);
				polling.post("41\u001e1");
				polling.get();
			}
			case 6, 7, 8 -> connectedPolling(client).dropPoll(); // gone with a poll pending: ping timeout
			default -> javaClientCycle("polling");
		}
	}

	private static void javaClientCycle(String transport) throws Exception {
		TestClients clients = new TestClients();
		clients.connect(port, transport, "/", null);
		clients.closeAll();
	}

	/**
	 * Run connect/disconnect cycles from a few threads after a warm-up, then check that the
	 * server has no session, socket or room left and is back to its thread count. The cycles
	 * have a raw client of their own, dropped (with its keep-alive connections) before the
	 * heap is measured; the heap is given up to 10 seconds to come within 200 bytes per cycle
	 * of its baseline.
	 * @return the heap growth over the cycles
	 */
	private long runCyclesAndCheck(String transport, int cycles, Cycle cycle) throws Exception {
		ExecutorService workers = Executors.newFixedThreadPool(CYCLE_WORKERS);
		try {
			RawEngineIoClient client = new RawEngineIoClient(port);
			runCycles(workers, client, cycles / 10, cycle);
			awaitNoSession();
			long heapBaseline = usedHeapAfterGc();
			int threadBaseline = threads.getThreadCount();
			long start = System.nanoTime();
			runCycles(workers, client, cycles, cycle);
			long elapsed = System.nanoTime() - start;
			client.shutdown();
			// unreachable from here on: its connections close once it is collected
			client = null;
			awaitNoSession();
			long heapClosed = usedHeapAfterGc();
			for (String name : List.of("/", "/custom")) {
				assertThat(server.io().sockets(name)).as("sockets of %s", name).isEmpty();
				assertThat(server.rooms(name)).as("rooms of %s", name).isEmpty();
			}
			// every thread but the handler pool's exists since the warm-up (event loops, timer,
			// cycle workers, the raw client's fixed pool), or idles out (the Java client's
			// OkHttp threads); the handler pool keeps at most its size for a minute when idle
			int handlerThreads = context.getBean(IoProperties.class).getHandlerThreads();
			awaitCondition("thread count back to the baseline",
					() -> threads.getThreadCount() <= threadBaseline + 4
							&& countThreads("io-handler-") <= handlerThreads);
			// a session closed under way may stay reachable from the timer until its
			// ping-interval or ping-timeout task runs, 7 seconds at most here
			long bound = 200L * cycles;
			try {
				awaitCondition("heap within " + bound + " bytes of the baseline",
						() -> usedHeapAfterGc() - heapBaseline < bound, 500, 10);
			}
			catch (AssertionError ex) {
				// the caller asserts the growth
			}
			long heapAfter = usedHeapAfterGc();
			System.err.printf("%d %s cycles in %d ms; threads %d -> %d (handler pool %d, %d running); heap %d -> "
					+ "%d bytes when the last session closed (%d per cycle), %d (%d per cycle) after the "
					+ "timers%n", cycles, transport, elapsed / 1_000_000, threadBaseline, threads.getThreadCount(),
					handlerThreads, countThreads("io-handler-"), heapBaseline, heapClosed,
					(heapClosed - heapBaseline) / cycles, heapAfter, (heapAfter - heapBaseline) / cycles);
			Socket socket = this.clients.connect(port, transport, "/", null);
			assertThat(ack(socket, "echo", "still serving")).containsExactly("still serving");
			return heapAfter - heapBaseline;
		}
		finally {
			workers.shutdownNow();
		}
	}

	private static void runCycles(ExecutorService workers, RawEngineIoClient client, int cycles, Cycle cycle)
			throws Exception {
		AtomicInteger next = new AtomicInteger();
		List<Future<?>> running = new ArrayList<>();
		for (int w = 0; w < CYCLE_WORKERS; w++) {
			running.add(workers.submit(() -> {
				for (int i = next.getAndIncrement(); i < cycles; i = next.getAndIncrement()) {
					cycle.run(client, i);
				}
				return null;
			}));
		}
		for (Future<?> worker : running) {
			worker.get(2, TimeUnit.MINUTES);
		}
	}

	private static int countThreads(String prefix) {
		return (int) Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().startsWith(prefix)).count();
	}

	@FunctionalInterface
	private interface Cycle {

		void run(RawEngineIoClient client, int i) throws Exception;

	}

	private static void awaitNoSession() throws InterruptedException {
		awaitCondition("no open session", () -> server.connectedClients() == 0 && socketBalance.get() == 0,
				() -> server.connectedClients() + " sessions, " + socketBalance.get() + " sockets, clients of /: "
						+ server.io().sockets("/").stream().map((socket) -> socket.handshake().header("user-agent")
								+ " " + socket.handshake().time()).toList());
	}

	// ---- support

	/**
	 * Open a websocket session with the shared raw client; it is dropped after the test.
	 */
	private static RawWebSocket openWebSocket() throws Exception {
		RawWebSocket webSocket = raw.webSocket();
		openWebSockets.add(webSocket);
		return webSocket;
	}

	private static RawWebSocket connectedWebSocket() throws Exception {
		RawWebSocket webSocket = openWebSocket();
		assertThat(webSocket.connect("40")).startsWith("40{\"sid\":");
		return webSocket;
	}

	private static RawWebSocket connectedWebSocket(RawEngineIoClient client) throws Exception {
		RawWebSocket webSocket = client.webSocket();
		assertThat(webSocket.connect("40")).startsWith("40{\"sid\":");
		return webSocket;
	}

	private static RawPolling connectedPolling() throws Exception {
		return connectedPolling(raw);
	}

	private static RawPolling connectedPolling(RawEngineIoClient client) throws Exception {
		RawPolling polling = client.polling();
		assertThat(polling.connect("40")).singleElement().asString().startsWith("40{\"sid\":");
		return polling;
	}

	private static void assertSessionUnknown(RawPolling polling) throws Exception {
		HttpResponse<String> next = polling.get();
		assertThat(next.statusCode()).isEqualTo(400);
		assertThat(next.body()).isEqualTo(UNKNOWN_SID);
	}

	private static void assertInvalidPacketLoggedOnce(CapturedOutput output, String sid) {
		String marker = "session " + sid + INVALID_PACKET_LOG;
		assertThat(output.getOut().lines().filter((line) -> line.contains(marker)))
			.as("invalid packet warnings for session " + sid)
			.singleElement()
			.asString()
			.contains("WARN");
		assertLogLinesBounded(output);
	}

	private static void assertLogLinesBounded(CapturedOutput output) {
		assertThat(output.getOut().lines().mapToInt(String::length).max().orElse(0)).as("longest log line")
			.isLessThan(MAX_LOG_LINE);
	}

	private void connectBystanders() throws Exception {
		this.webSocketBystander = this.clients.connect(port, "websocket", "/", null);
		this.pollingBystander = this.clients.connect(port, "polling", "/", null);
	}

	/**
	 * The clients connected before the attack are still connected and served, and new
	 * clients can connect.
	 */
	private void assertBystandersServed() throws Exception {
		for (Socket socket : List.of(this.webSocketBystander, this.pollingBystander)) {
			assertThat(socket.connected()).isTrue();
			assertThat(ack(socket, "echo", "after", 1)).containsExactly("after", 1);
		}
		for (String transport : List.of("websocket", "polling")) {
			Socket socket = this.clients.connect(port, transport, "/", null);
			assertThat(ack(socket, "echo", "new")).containsExactly("new");
		}
	}

	private static long usedHeapAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	private static void awaitCondition(String description, BooleanSupplier condition) throws InterruptedException {
		awaitCondition(description, condition, 20, 30);
	}

	/**
	 * Wait until a condition holds, checking it every {@code interval} milliseconds, for at
	 * most {@code seconds}.
	 */
	private static void awaitCondition(String description, BooleanSupplier condition, long interval, long seconds)
			throws InterruptedException {
		awaitCondition(description, condition, interval, seconds, () -> "");
	}

	private static void awaitCondition(String description, BooleanSupplier condition, Supplier<String> state)
			throws InterruptedException {
		awaitCondition(description, condition, 20, 30, state);
	}

	private static void awaitCondition(String description, BooleanSupplier condition, long interval, long seconds,
			Supplier<String> state) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(() -> "waiting for: " + description + " " + state.get())
				.isLessThan(deadline);
			Thread.sleep(interval);
		}
	}

	private static Hostile hostile(String transport) throws Exception {
		return hostile(transport, "40");
	}

	private static Hostile hostile(String transport, String connect) throws Exception {
		if ("websocket".equals(transport)) {
			RawWebSocket webSocket = (connect != null) ? connectedWebSocket() : openWebSocket();
			return new WebSocketHostile(webSocket);
		}
		RawPolling polling = (connect != null) ? connectedPolling() : raw.polling();
		return new PollingHostile(polling);
	}

	/**
	 * A raw connection, whatever its transport.
	 */
	private interface Hostile {

		String sid();

		void send(String packet) throws Exception;

		/**
		 * Send a packet and take the packets that come back.
		 */
		List<String> exchange(String packet) throws Exception;

		void sendAndAssertClosed(Object packet) throws Exception;

	}

	private record WebSocketHostile(RawWebSocket socket) implements Hostile {

		@Override
		public String sid() {
			return this.socket.sid();
		}

		@Override
		public void send(String packet) {
			this.socket.send(packet);
		}

		@Override
		public List<String> exchange(String packet) throws Exception {
			this.socket.send(packet);
			return List.of(this.socket.nextText());
		}

		@Override
		public void sendAndAssertClosed(Object packet) throws Exception {
			if (packet instanceof byte[] bytes) {
				this.socket.send(bytes);
			}
			else {
				this.socket.send((String) packet);
			}
			assertThat(this.socket.awaitClose()).isNotNull();
		}

	}

	private record PollingHostile(RawPolling polling) implements Hostile {

		@Override
		public String sid() {
			return this.polling.sid();
		}

		@Override
		public void send(String packet) throws Exception {
			assertThat(this.polling.post(packet).statusCode()).isEqualTo(200);
		}

		@Override
		public List<String> exchange(String packet) throws Exception {
			send(packet);
			return this.polling.poll();
		}

		@Override
		public void sendAndAssertClosed(Object packet) throws Exception {
			String body = (packet instanceof byte[] bytes) ? "b" + java.util.Base64.getEncoder().encodeToString(bytes)
					: (String) packet;
			assertThat(this.polling.post(body).statusCode()).isEqualTo(200);
			assertSessionUnknown(this.polling);
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

		@IoEvent(IoEvent.CONNECTION)
		void joinLobby(IoSocket socket) {
			socket.join("lobby");
		}

		@IoEvent("echo")
		void echo(IoAck ack, Object... args) {
			ack.send(args);
		}

		@IoEvent("auth")
		Map<String, Object> auth(IoSocket socket) {
			return socket.handshake().auth();
		}

		@IoEvent(value = IoEvent.CONNECTION, namespace = "/custom")
		void customConnection(IoSocket socket) {
			socket.join("lobby");
		}

	}

}
