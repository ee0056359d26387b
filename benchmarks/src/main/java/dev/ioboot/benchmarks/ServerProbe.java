package dev.ioboot.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.ioboot.benchmarks.driver.BenchClient;
import dev.ioboot.benchmarks.driver.LoadDriver;

/**
 * What the {@code soak} workload reads from the server process from outside: CPU, RSS and
 * threads from {@code /proc}, and for the JVM servers the heap and GC counters from
 * {@code jstat -gc} (which reads the JVM's performance counters without stopping it). The
 * retained heap comes from {@code jcmd <pid> GC.class_histogram}: a full GC and the size of
 * the live objects it left, in one step, so that nothing allocated after the collection counts.
 * The Node server's full GC goes through its {@code gc} event; its heap is not read.
 */
final class ServerProbe {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

	private final ServerProcess server;

	private final LoadDriver driver;

	private BenchClient control;

	private boolean jstatFailed;

	ServerProbe(ServerProcess server, LoadDriver driver) {
		this.server = server;
		this.driver = driver;
	}

	/**
	 * Connects the Node server's control connection (its full GC is an event), before the load
	 * makes connecting slow.
	 */
	void prepare() {
		if (!this.server.kind().jvm()) {
			var outcome = this.driver.connect(1, 1, Duration.ofSeconds(30));
			if (outcome.clients().isEmpty()) {
				throw new IllegalStateException("the control connection (for the gc event) did not connect");
			}
			this.control = outcome.clients().get(0);
		}
	}

	/**
	 * The server's figures now.
	 * @return the sample
	 */
	Sample sample() {
		long nanos = System.nanoTime();
		double cpu = this.server.cpuSeconds();
		long rss = this.server.rssKib();
		int threads = ProcessStats.threads(this.server.pid());
		Heap heap = this.server.kind().jvm() ? jstat() : Heap.UNKNOWN;
		return new Sample(nanos, cpu, Payloads.mib(rss), threads, heap, ProcessStats.ownCpuSeconds(), loadAverage());
	}

	/**
	 * A full GC, then the live heap, RSS and threads.
	 * @return the figures right after the collection
	 * @throws Exception if the server does not collect
	 */
	AfterGc collect() throws Exception {
		double live = Double.NaN;
		if (this.server.kind().jvm()) {
			live = liveHeapMib(run("jcmd", Long.toString(this.server.pid()), "GC.class_histogram"));
		}
		else {
			gcEvent();
		}
		return new AfterGc(live, Payloads.mib(this.server.rssKib()), ProcessStats.threads(this.server.pid()));
	}

	private void gcEvent() throws Exception {
		if (this.control == null || this.control.closed()) {
			throw new IllegalStateException("no control connection for the gc event");
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.driver.onLoop(() -> {
			this.control.request("gc", (client, ack) -> done.complete(null));
			return null;
		});
		done.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	private Heap jstat() {
		String out;
		try {
			out = run("jstat", "-gc", Long.toString(this.server.pid()));
		}
		catch (IllegalStateException ex) {
			if (!this.jstatFailed) {
				this.jstatFailed = true;
				System.out.println("  soak: no heap figures: " + ex.getMessage());
			}
			return Heap.UNKNOWN;
		}
		String[] lines = out.trim().split("\n");
		if (lines.length < 2) {
			return Heap.UNKNOWN;
		}
		List<String> names = List.of(lines[0].trim().split("\\s+"));
		String[] values = lines[lines.length - 1].trim().split("\\s+");
		java.util.function.ToDoubleFunction<String> column = (name) -> {
			int index = names.indexOf(name);
			try {
				return (index >= 0 && index < values.length) ? Double.parseDouble(values[index]) : Double.NaN;
			}
			catch (NumberFormatException ex) {
				return Double.NaN;
			}
		};
		double usedKib = column.applyAsDouble("S0U") + column.applyAsDouble("S1U") + column.applyAsDouble("EU")
				+ column.applyAsDouble("OU");
		return new Heap(usedKib / 1024, column.applyAsDouble("OU") / 1024, column.applyAsDouble("GCT"),
				column.applyAsDouble("YGC"), column.applyAsDouble("FGC"));
	}

	/**
	 * The total of a class histogram: bytes of the objects live after its full GC.
	 */
	static double liveHeapMib(String histogram) {
		for (String line : histogram.split("\n")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length == 3 && fields[0].equals("Total")) {
				return Long.parseLong(fields[2]) / 1024.0 / 1024.0;
			}
		}
		throw new IllegalStateException("No total in the class histogram: "
				+ histogram.substring(0, Math.min(500, histogram.length())));
	}

	private static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	/**
	 * Runs a JDK tool of the JDK the driver runs on.
	 */
	static String run(String tool, String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
		// a quick tool start: the tools need no optimizing compiler
		command.add("-J-XX:TieredStopAtLevel=1");
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
			}
			return out;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + command.get(0) + " (the soak needs a full JDK): " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The server's figures at one moment.
	 *
	 * @param nanos when ({@link System#nanoTime()})
	 * @param cpuSeconds the server's CPU time so far
	 * @param rssMib its resident memory
	 * @param threads its thread count
	 * @param heap its heap, for a JVM
	 * @param driverCpuSeconds the driver's CPU time so far
	 * @param loadAverage the machine's one-minute load average
	 */
	record Sample(long nanos, double cpuSeconds, double rssMib, int threads, Heap heap, double driverCpuSeconds,
			double loadAverage) {

	}

	/**
	 * A JVM's heap from {@code jstat -gc}.
	 *
	 * @param usedMib used heap (survivors, eden and old generation)
	 * @param oldMib used old generation
	 * @param gcSeconds GC time so far
	 * @param youngGcs young collections so far
	 * @param fullGcs full collections so far
	 */
	record Heap(double usedMib, double oldMib, double gcSeconds, double youngGcs, double fullGcs) {

		static final Heap UNKNOWN = new Heap(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

	}

	/**
	 * The figures right after a full GC.
	 *
	 * @param liveHeapMib bytes of the live objects (JVM servers only)
	 * @param rssMib resident memory
	 * @param threads thread count
	 */
	record AfterGc(double liveHeapMib, double rssMib, double threads) {

		static final AfterGc UNKNOWN = new AfterGc(Double.NaN, Double.NaN, Double.NaN);

	}

}
