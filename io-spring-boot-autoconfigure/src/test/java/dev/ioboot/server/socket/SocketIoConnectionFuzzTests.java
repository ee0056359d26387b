package dev.ioboot.server.socket;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

import dev.ioboot.IoContext;
import dev.ioboot.IoJsonMapper;
import dev.ioboot.IoSocket;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.event.DefaultIoEventDispatcher;
import dev.ioboot.event.IoEventHandler;
import dev.ioboot.event.IoEventHandlerRegistry;
import dev.ioboot.server.EngineIoSettings;
import dev.ioboot.server.IoLimits;
import dev.ioboot.server.IoPrincipalResolver;
import dev.ioboot.server.IoServerListener;
import dev.ioboot.server.IoServerListeners;
import dev.ioboot.server.Transport;
import dev.ioboot.server.engine.EngineFrame;
import dev.ioboot.server.engine.EngineIoServer;
import dev.ioboot.server.engine.EngineSession;
import dev.ioboot.server.engine.InvalidPacketException;
import dev.ioboot.server.engine.TransportHandshake;
import dev.ioboot.server.protect.ConnectionLimiter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz test of one whole connection's packet handling: a real {@link EngineSession} and
 * {@link SocketIoConnection} of a real {@link EngineIoServer}, with its namespaces, packet
 * writer, handler registry and handlers, fed the packets of a fuzzed polling payload the way
 * {@link EngineIoHttpHandler} feeds a POST body, its answers read by polling from an
 * in-memory channel. Handlers run on the calling thread, so that each packet's effects are
 * complete when it returns.
 * <p>
 * The test keeps its own account of what the client did (namespaces connected, binary
 * attachments pending, questions asked) from the Socket.IO protocol, and checks after every
 * packet: nothing but the session's own handling of bad packets escapes, the session is open
 * exactly while the client has sent nothing invalid, every event on a connected namespace
 * reaches its handler with its arguments, and the server answers (connects, connect errors,
 * acknowledgements, its own events) are the ones due. At the end every connected socket is
 * disconnected once.
 * <p>
 * An input is a polling payload: packets separated by {@code 0x1e}, a binary one written
 * {@code b<base64>}. Namespaces {@code /} and {@code /custom} exist; {@code echo} answers
 * its arguments, {@code ask} sends the client a {@code question} with an acknowledgement
 * expected as a number.
 */
class SocketIoConnectionFuzzTests {

	private static final List<String> NAMESPACES = List.of("/", "/custom");

	private static final List<String> QUIET_LOGGERS = List.of(EngineSession.class.getName(),
			SocketIoConnection.class.getName(), NamespaceSocket.class.getName(),
			DefaultIoEventDispatcher.class.getName(), SerialExecutor.class.getName());

	private static final ObjectMapper mapper = IoJsonMapper.withDefaults().objectMapper();

	private static final SocketIoPacketParser parser = new SocketIoPacketParser(mapper);

	private static final Recorder recorder = new Recorder();

	private static final Object INVALID = new Object();

	private static ScheduledThreadPoolExecutor timer;

	private static EngineIoServer engine;

	@BeforeAll
	static void createServer() {
		if (isFuzzing()) {
			// every invalid packet is logged: fine for a regression run, a flood when fuzzing
			LoggingSystem logging = LoggingSystem.get(SocketIoConnectionFuzzTests.class.getClassLoader());
			QUIET_LOGGERS.forEach((name) -> logging.setLogLevel(name, LogLevel.OFF));
		}
		timer = new ScheduledThreadPoolExecutor(1);
		timer.setRemoveOnCancelPolicy(true);
		IoEventHandlerRegistry registry = new IoEventHandlerRegistry(() -> new IoContext(null, null));
		for (String namespace : NAMESPACES) {
			registry.register(namespace, "echo", "echo", (ctx, socket, args) -> Arrays.asList(args));
			registry.register(namespace, "ask", "ask", new AskHandler());
			registry.register(namespace, "connection", "connection",
					(ctx, socket, args) -> recorder.connected.add(socket.namespace() + " " + socket.id()));
			registry.register(namespace, "disconnect", "disconnect",
					(ctx, socket, args) -> recorder.disconnected.add(socket.namespace() + " " + socket.id()));
		}
		Duration hour = Duration.ofHours(1);
		EngineIoSettings settings = new EngineIoSettings("/socket.io", Set.of(Transport.POLLING, Transport.WEBSOCKET),
				hour, hour, hour, 1_000_000, new EngineIoSettings.CorsPolicy(List.of(), List.of("GET", "POST"), false));
		SocketNamespaces namespaces = new SocketNamespaces(NAMESPACES);
		SocketIoPacketWriter writer = new SocketIoPacketWriter(mapper);
		CallingThreadExecutor handlers = new CallingThreadExecutor();
		IoServerListeners listeners = new IoServerListeners();
		listeners.add(recorder);
		DefaultIoEventDispatcher dispatcher = new DefaultIoEventDispatcher(registry, List.of());
		LocalIoNode node = new LocalIoNode(namespaces, writer, dispatcher, handlers, listeners);
		SocketSupport sockets = new SocketSupport(writer, dispatcher, handlers, IoLimits.NONE, listeners,
				new Broadcasts(node, new IoAdapter() {
				}, handlers), new SocketInterceptors(List.of(), List.of(), List.of(), List.of()));
		ConnectionSupport support = new ConnectionSupport(parser, namespaces, timer, hour,
				IoPrincipalResolver.ANONYMOUS, new ConnectionLimiter(IoLimits.NONE), sockets);
		engine = new EngineIoServer(settings, IoLimits.NONE, listeners, timer,
				(session, handshake) -> new SocketIoConnection(session, handshake, support));
	}

	@AfterAll
	static void stopTimer() {
		timer.shutdownNow();
		if (isFuzzing()) {
			LoggingSystem logging = LoggingSystem.get(SocketIoConnectionFuzzTests.class.getClassLoader());
			QUIET_LOGGERS.forEach((name) -> logging.setLogLevel(name, null));
		}
	}

	private static boolean isFuzzing() {
		String fuzz = System.getenv("JAZZER_FUZZ");
		return fuzz != null && !fuzz.isEmpty() && !"0".equals(fuzz);
	}

	@FuzzTest(maxDuration = "3m")
	void pollingPayload(byte[] input) throws Exception {
		recorder.clear();
		TransportHandshake handshake = new TransportHandshake(Map.of(), Map.of(), InetAddress.getLoopbackAddress(),
				"/socket.io/?EIO=4&transport=polling", Instant.now(), false);
		EngineSession session = engine.open(Transport.POLLING, handshake);
		EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
		Client client = new Client(session, channel);
		try {
			String payload = new String(input, StandardCharsets.UTF_8);
			for (String packet : payload.split(String.valueOf(EngineFrame.RECORD_SEPARATOR), -1)) {
				if (!client.send(packet)) {
					break;
				}
			}
		}
		finally {
			session.closeNow("end of input", null);
			channel.finishAndReleaseAll();
		}
		assertThat(engine.isOpen(session)).isFalse();
		// every socket that connected is disconnected, once
		assertThat(recorder.disconnected).containsExactlyInAnyOrderElementsOf(recorder.connected);
	}

	/**
	 * The client side of one session: sends packets, reads the server's answers by polling,
	 * and keeps the account of what the server owes it.
	 */
	private static final class Client {

		private final EngineSession session;

		private final EmbeddedChannel channel;

		private final ChannelHandlerContext ctx;

		private final Set<String> connected = new HashSet<>();

		/** The server's questions waiting for an answer: namespace and ack id. */
		private final Set<String> questions = new HashSet<>();

		private final List<Object> answers = new ArrayList<>();

		private final List<String> events = new ArrayList<>();

		private final List<List<Object>> echoed = new ArrayList<>();

		private SocketIoPacket pending;

		private List<byte[]> pendingBuffers;

		private final List<Answer> due = new ArrayList<>();

		private SocketIoPacket serverPending;

		private List<byte[]> serverBuffers;

		Client(EngineSession session, EmbeddedChannel channel) {
			this.session = session;
			this.channel = channel;
			this.ctx = channel.pipeline().firstContext();
			assertThat(session.poll(this.ctx, true, null)).isTrue();
		}

		/**
		 * Send one packet of the payload.
		 * @param encoded the packet
		 * @return whether the session is still open
		 */
		boolean send(String encoded) throws Exception {
			EngineFrame frame;
			try {
				frame = EngineFrame.fromPolling(encoded);
			}
			catch (IllegalArgumentException ex) {
				// what EngineIoHttpHandler does with bad base64
				this.session.closeNow("parse error", EngineFrame.NOOP_FRAME);
				return false;
			}
			boolean valid = expect(frame);
			this.session.receive(frame, null);
			readAnswers();
			assertThat(this.session.isOpen()).as("session open after %s", encoded).isEqualTo(valid);
			assertThat(this.due).as("answers due after %s", encoded).isEmpty();
			assertThat(recorder.received).as("events received").isEqualTo(this.events);
			assertThat(recorder.answers).as("answers to the server's questions").isEqualTo(this.answers);
			return valid;
		}

		/**
		 * Work out what the server must do with a packet, as the Engine.IO and Socket.IO
		 * protocols say.
		 * @return whether the session stays open: the packet is valid and not a CLOSE
		 */
		private boolean expect(EngineFrame frame) {
			if (frame.isBinary()) {
				if (this.pending == null) {
					return false;
				}
				this.pendingBuffers.add(frame.binary());
				if (this.pendingBuffers.size() < this.pending.attachments()) {
					return true;
				}
				SocketIoPacket packet = this.pending;
				this.pending = null;
				return expect(packet, this.pendingBuffers);
			}
			switch (frame.type()) {
				case EngineFrame.PONG, EngineFrame.NOOP -> {
					return true;
				}
				case EngineFrame.MESSAGE -> {
					if (this.pending != null) {
						return false;
					}
					SocketIoPacket packet;
					try {
						packet = parser.parse(frame.text().substring(1));
					}
					catch (InvalidPacketException ex) {
						return false;
					}
					if (packet.attachments() > 0) {
						this.pending = packet;
						this.pendingBuffers = new ArrayList<>();
						return true;
					}
					return expect(packet, List.of());
				}
				default -> {
					return false;
				}
			}
		}

		private boolean expect(SocketIoPacket packet, List<byte[]> buffers) {
			String namespace = packet.namespace();
			if (packet.type() == SocketIoPacket.CONNECT) {
				if (!NAMESPACES.contains(namespace)) {
					this.due.add(new Answer("connect_error", namespace, null, null));
					return true;
				}
				if (this.connected.contains(namespace) || payload(packet, List.of()) == INVALID) {
					return false;
				}
				this.connected.add(namespace);
				this.due.add(new Answer("connect", namespace, null, null));
				return true;
			}
			if (!this.connected.contains(namespace)) {
				return false;
			}
			Object payload = payload(packet, buffers);
			if (payload == INVALID) {
				return false;
			}
			if (packet.type() == SocketIoPacket.DISCONNECT) {
				this.connected.remove(namespace);
				this.questions.removeIf((question) -> question.startsWith(namespace + " "));
				return true;
			}
			List<?> list = (List<?>) payload;
			if (packet.isAck()) {
				if (this.questions.remove(namespace + " " + packet.ackId())) {
					Object first = list.isEmpty() ? null : list.get(0);
					if (first == null) {
						this.answers.add(null);
					}
					else {
						try {
							this.answers.add(mapper.convertValue(first, Integer.class));
						}
						catch (IllegalArgumentException ex) {
							// not a number: the callback is not called
						}
					}
				}
				return true;
			}
			String name = String.valueOf(list.get(0));
			List<Object> args = new ArrayList<>(list.subList(1, list.size()));
			this.events.add(namespace + " " + name);
			if ("echo".equals(name) && packet.ackId() != null) {
				this.due.add(new Answer("ack", namespace, packet.ackId(), List.of(args)));
			}
			if ("ask".equals(name)) {
				this.due.add(new Answer("question", namespace, null, args));
				if (packet.ackId() != null) {
					// the handler returns null: an acknowledgement with null, as callback(null)
					this.due.add(new Answer("ack", namespace, packet.ackId(), Collections.singletonList(null)));
				}
			}
			return true;
		}

		private static Object payload(SocketIoPacket packet, List<byte[]> buffers) {
			try {
				return packet.payload(buffers);
			}
			catch (InvalidPacketException ex) {
				return INVALID;
			}
		}

		/**
		 * Read what the server answered, and poll again.
		 */
		private void readAnswers() throws Exception {
			while (true) {
				FullHttpResponse response = this.channel.readOutbound();
				if (response == null) {
					return;
				}
				try {
					assertThat(response.status().code()).isEqualTo(200);
					read(response.content());
				}
				finally {
					response.release();
				}
				if (this.session.isOpen()) {
					assertThat(this.session.poll(this.ctx, true, null)).isTrue();
				}
			}
		}

		private void read(ByteBuf content) throws Exception {
			String body = content.toString(StandardCharsets.UTF_8);
			for (String encoded : body.split(String.valueOf(EngineFrame.RECORD_SEPARATOR), -1)) {
				EngineFrame frame = EngineFrame.fromPolling(encoded);
				if (frame.isBinary()) {
					assertThat(this.serverPending).as("a binary packet from the server without its text").isNotNull();
					this.serverBuffers.add(frame.binary());
					if (this.serverBuffers.size() == this.serverPending.attachments()) {
						answered(this.serverPending, this.serverBuffers);
						this.serverPending = null;
					}
					continue;
				}
				assertThat(this.serverPending).as("a text packet from the server inside a binary one").isNull();
				if (frame.type() == EngineFrame.NOOP || frame.type() == EngineFrame.CLOSE) {
					continue;
				}
				assertThat(frame.type()).as("server packet %s", encoded).isEqualTo(EngineFrame.MESSAGE);
				String text = encoded.substring(1);
				if (text.startsWith("4")) {
					// a connect_error, which the parser (of client packets) refuses
					String namespace = text.startsWith("4/") ? text.substring(1, text.indexOf(',')) : "/";
					assertThat(this.due).as("due answers").isNotEmpty();
					Answer answer = this.due.remove(0);
					assertThat(answer).isEqualTo(new Answer("connect_error", namespace, null, null));
					continue;
				}
				SocketIoPacket packet = parser.parse(text);
				if (packet.attachments() > 0) {
					this.serverPending = packet;
					this.serverBuffers = new ArrayList<>();
					continue;
				}
				answered(packet, List.of());
			}
		}

		private void answered(SocketIoPacket packet, List<byte[]> buffers) throws Exception {
			assertThat(this.due).as("due answers, at %s", packet).isNotEmpty();
			Answer answer = this.due.remove(0);
			assertThat(packet.namespace()).isEqualTo(answer.namespace());
			Object payload = packet.payload(buffers);
			switch (answer.kind()) {
				case "connect" -> {
					assertThat(packet.type()).isEqualTo(SocketIoPacket.CONNECT);
					assertThat(payload).isInstanceOfSatisfying(Map.class,
							(map) -> assertThat(map.get("sid")).isInstanceOf(String.class));
				}
				case "ack" -> {
					assertThat(packet.isAck()).isTrue();
					assertThat(packet.ackId()).isEqualTo(answer.ackId());
					SocketIoPacketFuzzTests.assertSameValue(payload, answer.payload());
				}
				case "question" -> {
					assertThat(packet.isEvent()).isTrue();
					assertThat(packet.ackId()).isNotNull();
					List<Object> expected = new ArrayList<>();
					expected.add("question");
					expected.addAll(answer.payload());
					SocketIoPacketFuzzTests.assertSameValue(payload, expected);
					this.questions.add(packet.namespace() + " " + packet.ackId());
				}
				default -> throw new AssertionError("unexpected " + packet);
			}
		}

	}

	/**
	 * A packet the server owes the client.
	 */
	private record Answer(String kind, String namespace, Long ackId, List<?> payload) {

	}

	/**
	 * Sends the client a question, its arguments, and records the numbers it answers.
	 */
	private static final class AskHandler implements IoEventHandler {

		@Override
		public Object handle(IoContext ctx, IoSocket socket, Object... args) {
			socket.emitWithAck("question", args)
				.thenAccept((answer) -> recorder.answers
					.add(answer.isEmpty() ? null : mapper.convertValue(answer.get(0), Integer.class)));
			return null;
		}

	}

	/**
	 * What the server reports: events received, sockets connected and disconnected by
	 * their handlers, answers to its questions.
	 */
	private static final class Recorder implements IoServerListener {

		final List<String> received = new ArrayList<>();

		final List<String> connected = new ArrayList<>();

		final List<String> disconnected = new ArrayList<>();

		final List<Object> answers = new ArrayList<>();

		@Override
		public void eventReceived(String namespace, String event) {
			this.received.add(namespace + " " + event);
		}

		void clear() {
			this.received.clear();
			this.connected.clear();
			this.disconnected.clear();
			this.answers.clear();
		}

	}

	/**
	 * Runs each task at once on the calling thread.
	 */
	private static final class CallingThreadExecutor extends AbstractExecutorService {

		private volatile boolean shutdown;

		@Override
		public void execute(Runnable command) {
			command.run();
		}

		@Override
		public void shutdown() {
			this.shutdown = true;
		}

		@Override
		public List<Runnable> shutdownNow() {
			this.shutdown = true;
			return List.of();
		}

		@Override
		public boolean isShutdown() {
			return this.shutdown;
		}

		@Override
		public boolean isTerminated() {
			return this.shutdown;
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) {
			return this.shutdown;
		}

	}

}
