package dev.ioboot.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ioboot.benchmarks.driver.BenchClient;
import dev.ioboot.benchmarks.driver.LoadDriver;
import dev.ioboot.benchmarks.driver.LoadDriver.ConnectOutcome;

/**
 * {@code recovery-memory}: what connection state recovery's missed-packet buffer costs in server
 * memory. The servers run with recovery on (a 10-minute window, so nothing expires during the
 * run; socket.io keeps every packet for the window, the starter at most {@code buffer-limit}
 * bytes of them). A room has connected clients and clients that dropped their connection (a
 * transport close: their state is kept for recovery). A control client sends {@code fanout}
 * with a distinct object of {@code S} bytes each time, and the server emits it as {@code tick}
 * to the room: each such broadcast is kept. After each level of {@code P} packets, and once
 * every connected client has received them all, the server runs a full GC and its live heap is
 * read (JVM: the total of {@code jcmd GC.class_histogram}; Node: {@code heapUsed} of
 * {@code process.memoryUsage()} after {@code global.gc()}), and its RSS.
 * <p>
 * Two variants, each on a fresh server: the starter with a buffer limit far above what the
 * packets need (so every packet is kept, as in Node) gives the bytes per kept packet; the
 * starter with a small limit shows where its buffer stops growing. Node has no limit: its
 * second variant is the same server again.
 */
final class RecoveryMemory implements Workload {

	static final String NAME = "recovery-memory";

	private static final String ROOM = "recovery";

	/** Longer than the run: nothing leaves either buffer because of its age. */
	private static final Duration WINDOW = Duration.ofMinutes(10);

	/** The starter's buffer limit in the first variant: more than the largest level needs. */
	private static final String NOT_REACHED = "1GB";

	/** Triggers sent before waiting for their deliveries. */
	private static final int BATCH = 500;

	/** Packets broadcast before the first reading, so that what a first broadcast sets up is in it. */
	private static final int WARM_UP = 100;

	private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

	private static final double MIB = 1024 * 1024;

	private static final Duration GC_PAUSE = Duration.ofMillis(200);

	private final ObjectMapper json = new ObjectMapper();

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean runsOn(ServerKind server) {
		// the Socket.IO servers with connection state recovery
		return server == ServerKind.IO_SPRING_BOOT || server == ServerKind.NODE;
	}

	@Override
	public List<String> serverArguments(Settings settings, ServerKind server) {
		return arguments(server, NOT_REACHED);
	}

	private static List<String> arguments(ServerKind server, String bufferLimit) {
		List<String> arguments = new ArrayList<>(
				List.of("--recovery=true", "--recovery-max-disconnection-ms=" + WINDOW.toMillis()));
		if (server.jvm()) {
			arguments.add("--recovery-buffer-limit=" + bufferLimit);
		}
		return arguments;
	}

	@Override
	public List<Result> run(ServerProcess server, LoadDriver driver, Settings settings, int run) throws Exception {
		List<Result> results = new ArrayList<>();
		results.add(measure(server, driver, settings, run, "every packet kept"));
		ServerKind kind = server.kind();
		try (ServerProcess bounded = ServerProcess.start(kind, settings, NAME + "-bounded-run" + run, null,
				arguments(kind, settings.recoveryLimit()));
				LoadDriver boundedDriver = new LoadDriver("127.0.0.1", bounded.port(), kind.protocol())) {
			Result result = measure(bounded, boundedDriver, settings, run,
					"starter's buffer-limit " + settings.recoveryLimit());
			String problems = boundedDriver.onLoop(() -> BenchmarkCommand.driverProblems(boundedDriver));
			results.add(problems.isEmpty() ? result
					: new Result(result.workload(), result.variant(), result.server(), result.run(), result.metrics(),
							problems));
		}
		return results;
	}

	private Result measure(ServerProcess server, LoadDriver driver, Settings settings, int run, String variant)
			throws Exception {
		int members = settings.recoveryClients();
		int leaving = settings.recoveryDisconnected();
		ConnectOutcome outcome = driver.connect(1 + members + leaving, settings.setupRate(), Duration.ofSeconds(30));
		if (outcome.failures() > 0) {
			throw new IllegalStateException(outcome.failures() + " of " + (1 + members + leaving) + " clients did not connect");
		}
		List<BenchClient> clients = outcome.clients();
		Room room = new Room(driver, clients.get(0), clients.subList(1, 1 + members), settings.recoveryPayload());
		room.join(clients.subList(1, clients.size()));
		room.drop(clients.subList(1 + members, clients.size()));

		room.broadcast(WARM_UP);
		Memory before = memory(server, driver, room.control);
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("heap MiB before", before.heapBytes() / MIB);
		metrics.put("RSS MiB before", Payloads.mib(before.rssKib()));
		Map<String, Double> marginal = new LinkedHashMap<>();
		int previousLevel = 0;
		double previousKept = 0;
		for (int level : settings.recoveryPackets()) {
			room.broadcast(level - (room.sent - WARM_UP));
			Memory after = memory(server, driver, room.control);
			double kept = after.heapBytes() - before.heapBytes();
			if (previousLevel > 0) {
				// what each further packet adds: none once the buffer is full
				marginal.put("heap B / packet, P=" + previousLevel + " to " + level,
						(kept - previousKept) / (level - previousLevel));
			}
			previousLevel = level;
			previousKept = kept;
			metrics.put("heap kept MiB, P=" + level, kept / MIB);
			metrics.put("heap B / packet, P=" + level, kept / level);
			metrics.put("RSS MiB, P=" + level, Payloads.mib(after.rssKib()));
			metrics.put("RSS growth B / packet, P=" + level, (after.rssKib() - before.rssKib()) * 1024.0 / level);
		}
		metrics.putAll(marginal);
		metrics.put("lost", (double) driver.onLoop(room::lost));
		driver.closeAll(clients);
		return new Result(name(), "S=" + settings.recoveryPayload() + " B, C=" + members + " + " + leaving
				+ " disconnected, " + variant, server.kind(), run, metrics, "");
	}

	/**
	 * Full GCs, then the live heap and RSS. The JVM frees some objects only at the third full
	 * GC in a row (about 400 KB: what its {@code Cleaner} releases once the collection before
	 * has found them unreachable): two collections through the {@code gc} event, a moment for
	 * the cleaner, and the reading's own.
	 */
	private Memory memory(ServerProcess server, LoadDriver driver, BenchClient control) throws Exception {
		for (int i = 0; i < 2; i++) {
			request(driver, control, "gc");
			Thread.sleep(GC_PAUSE.toMillis());
		}
		double heap;
		if (server.kind().jvm()) {
			heap = ServerProbe.liveHeapMib(ServerProbe.run("jcmd", Long.toString(server.pid()), "GC.class_histogram")) * MIB;
		}
		else {
			JsonNode memoryUsage = this.json.readTree(request(driver, control, "memory"));
			heap = memoryUsage.path("heapUsed").asDouble(Double.NaN);
		}
		return new Memory(heap, server.rssKib());
	}

	/**
	 * Sends a request and waits for its acknowledgement.
	 * @return the acknowledgement's arguments, as JSON without the brackets
	 */
	private static String request(LoadDriver driver, BenchClient client, String event) throws Exception {
		CompletableFuture<String> answer = new CompletableFuture<>();
		driver.onLoop(() -> {
			client.request(event, (c, args) -> answer.complete(args.toString(StandardCharsets.UTF_8)));
			return null;
		});
		return answer.get(60, TimeUnit.SECONDS);
	}

	/**
	 * The server's memory after a full GC.
	 *
	 * @param heapBytes its live heap
	 * @param rssKib its resident memory
	 */
	private record Memory(double heapBytes, long rssKib) {

	}

	/**
	 * The room, its connected receivers and the control client that triggers the broadcasts;
	 * the counters live on the driver's event loop.
	 */
	private static final class Room implements BenchClient.TickListener {

		private final LoadDriver driver;

		private final BenchClient control;

		private final List<BenchClient> receivers;

		private final int payload;

		private int sent;

		private long delivered;

		private long awaited = Long.MAX_VALUE;

		private CompletableFuture<Void> reached = new CompletableFuture<>();

		Room(LoadDriver driver, BenchClient control, List<BenchClient> receivers, int payload) {
			this.driver = driver;
			this.control = control;
			this.receivers = receivers;
			this.payload = payload;
		}

		void join(List<BenchClient> members) throws Exception {
			CompletableFuture<Void> joined = new CompletableFuture<>();
			this.driver.onLoop(() -> {
				int[] pending = { members.size() };
				for (BenchClient member : members) {
					member.onTicks(this);
					member.request("join", (client, ack) -> {
						if (--pending[0] == 0) {
							joined.complete(null);
						}
					}, Payloads.string(ROOM));
				}
				return null;
			});
			joined.get(30, TimeUnit.SECONDS);
		}

		/**
		 * Close these members' connections without a Socket.IO DISCONNECT: a transport close,
		 * after which both servers keep their state for recovery.
		 */
		void drop(List<BenchClient> members) throws Exception {
			this.driver.onLoop(() -> {
				members.forEach(BenchClient::close);
				return null;
			});
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (!this.driver.onLoop(() -> members.stream().allMatch(BenchClient::closed))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("the dropped clients did not close");
				}
				Thread.sleep(20);
			}
			// the server sees the close a moment later
			Thread.sleep(500);
		}

		/**
		 * Broadcast packets to the room and wait until every connected member has them.
		 */
		void broadcast(int count) throws Exception {
			for (int done = 0; done < count;) {
				int batch = Math.min(BATCH, count - done);
				CompletableFuture<Void> all = this.driver.onLoop(() -> {
					for (int i = 0; i < batch; i++) {
						this.sent++;
						this.control.emit("fanout", trigger(this.sent));
					}
					return await((long) this.sent * this.receivers.size());
				});
				try {
					all.get(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				}
				catch (TimeoutException ex) {
					throw new IllegalStateException("after " + this.sent + " packets, " + this.driver.onLoop(() -> this.delivered)
							+ " of " + (long) this.sent * this.receivers.size() + " deliveries arrived");
				}
				done += batch;
			}
		}

		/**
		 * The trigger: a JSON object of {@code payload} bytes, different each time (the
		 * sequence number is in its text too, so no server can share one string between
		 * packets).
		 */
		private byte[] trigger(int seq) {
			String head = "{\"room\":\"" + ROOM + "\",\"t\":" + seq + ",\"payload\":\"" + seq + ":";
			String tail = "\"}";
			int fill = Math.max(0, this.payload - head.length() - tail.length());
			return (head + "x".repeat(fill) + tail).getBytes(StandardCharsets.US_ASCII);
		}

		private CompletableFuture<Void> await(long deliveries) {
			this.awaited = deliveries;
			this.reached = new CompletableFuture<>();
			if (this.delivered >= deliveries) {
				this.reached.complete(null);
			}
			return this.reached;
		}

		@Override
		public void onTick(BenchClient client, long t) {
			if (++this.delivered >= this.awaited) {
				this.reached.complete(null);
			}
		}

		long lost() {
			return (long) this.sent * this.receivers.size() - this.delivered;
		}

	}

}
