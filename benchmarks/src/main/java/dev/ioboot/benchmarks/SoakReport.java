package dev.ioboot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ioboot.benchmarks.Soak.SoakRun;

/**
 * Writes {@code soak.md} and {@code soak.json}: per server the start of the soak against its
 * end, and the table of every window. Rewritten after each server's soak, so that a long run
 * cut short keeps what it has.
 */
final class SoakReport {

	private final Settings settings;

	private final List<SoakRun> runs = new ArrayList<>();

	SoakReport(Settings settings) {
		this.settings = settings;
	}

	boolean isEmpty() {
		return runs().isEmpty();
	}

	/**
	 * Makes room for one more server's soak.
	 * @return its place, for {@link #set}
	 */
	int begin() {
		this.runs.add(null);
		return this.runs.size() - 1;
	}

	/**
	 * Sets a server's soak, finished or so far, and writes the files again.
	 * @param slot its place from {@link #begin}
	 * @param run the soak
	 * @throws IOException if the files cannot be written
	 */
	void set(int slot, SoakRun run) throws IOException {
		this.runs.set(slot, run);
		write(this.settings.outputDir());
	}

	private List<SoakRun> runs() {
		return this.runs.stream().filter((run) -> run != null && !run.windows().isEmpty()).toList();
	}

	void write(Path directory) throws IOException {
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("soak.md"), markdown());
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
			.writeValue(directory.resolve("soak.json").toFile(), json());
	}

	private Map<String, String> environment() {
		Map<String, String> env = Environment.describe(this.settings);
		env.remove("runs");
		env.remove("warm-up / window");
		SoakSettings soak = this.settings.soak();
		env.put("soak", soak.describe());
		env.put("chat", "each client sends `chat` ({room, id, t, text}, about 150 B) with an acknowledgement; the server "
				+ "acknowledges `true` and sends it to the rest of the room (`socket.to(room).emit`)");
		env.put("lost", "a delivery to a client that was in the room when the message was sent and has not left it, "
				+ "missing " + SoakChat.LOSS_TIMEOUT.toSeconds() + " s after the send (counted in that window)");
		env.put("full GC", "JVM servers: `jcmd <pid> GC.class_histogram` (a full GC and the bytes of the live objects); "
				+ "node: its `gc` event (`global.gc()`), heap not read. After the warm-up and after the last window, "
				+ "under load; the seconds it takes are left out of the windows. The first `jcmd` starts the JVM's "
				+ "Attach Listener thread: one thread more from the first window after the warm-up on");
		env.put("window figures", "latencies, rates, CPU over the window; heap (`jstat -gc`), RSS (`VmRSS`), threads "
				+ "(`Threads:` of /proc/<pid>/status) and the machine's load average at its end");
		return env;
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		Report.header(md, "io-spring-boot soak", this.settings.smoke(), environment());
		for (SoakRun run : runs()) {
			SoakWindow start = run.start();
			SoakWindow end = run.end();
			String label = run.server().label();
			md.append("\n## ").append(label).append(": start against end")
				.append(run.finished() ? "" : " (so far: " + run.windows().size() + " of " + run.settings().windows()
						+ " windows)")
				.append("\n\n");
			md.append("| | start: window ").append(start.index()).append(" (after ").append(run.warmupWindows())
				.append(" warm-up) | end: window ").append(end.index()).append(" | change |\n|---|---:|---:|---:|\n");
			row(md, "heap after full GC MiB (live objects)", run.startAfterGc().liveHeapMib(),
					run.endAfterGc().liveHeapMib());
			row(md, "RSS after full GC MiB", run.startAfterGc().rssMib(), run.endAfterGc().rssMib());
			row(md, "threads after full GC", run.startAfterGc().threads(), run.endAfterGc().threads());
			row(md, "heap used MiB (end of window)", start.heapMib(), end.heapMib());
			row(md, "RSS MiB (end of window)", start.rssMib(), end.rssMib());
			row(md, "threads (end of window)", start.threads(), end.threads());
			row(md, "ack p99 ms", start.ackP99(), end.ackP99());
			row(md, "delivery p99 ms", start.deliveryP99(), end.deliveryP99());
			row(md, "messages/s", start.messagesPerSecond(), end.messagesPerSecond());
			row(md, "server CPU %", start.serverCpuPercent(), end.serverCpuPercent());
			row(md, "machine load average", start.loadAverage(), end.loadAverage());
			md.append("\nTotals: ").append(Report.number(run.total(SoakWindow::sent))).append(" messages sent, ")
				.append(Report.number(run.total(SoakWindow::delivered))).append(" deliveries, ")
				.append(Report.number(run.total(SoakWindow::lost))).append(" lost, ")
				.append(Report.number(run.total(SoakWindow::reconnects))).append(" reconnects, ")
				.append(Report.number(run.total(SoakWindow::errors))).append(" errors.\n");
			md.append("\n### ").append(label).append(": every window\n\n");
			md.append("| window | end (m:ss) | clients | msg/s | deliveries/s | lost | ack p50 ms | ack p99 ms | ack max ms "
					+ "| delivery p50 ms | delivery p99 ms | delivery max ms | reconnect p99 ms | heap MiB | old gen MiB "
					+ "| GC ms | full GCs | RSS MiB | threads | server CPU % | driver CPU % | reconnects | errors | load |\n");
			md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
					+ "|---:|---:|---:|---:|---:|\n");
			for (SoakWindow w : run.windows()) {
				long ended = Math.round(w.endSeconds());
				md.append("| ").append(w.index()).append(w.warmup() ? " (warm-up)" : "")
					.append(String.format(Locale.ROOT, " | %d:%02d", ended / 60, ended % 60));
				cells(md, w.clients(), w.messagesPerSecond(), w.deliveriesPerSecond(), w.lost(),
						w.ackP50(), w.ackP99(), w.ackMax(), w.deliveryP50(), w.deliveryP99(), w.deliveryMax(),
						w.reconnectP99(), w.heapMib(), w.oldGenMib(), w.gcMillis(), w.fullGcs(), w.rssMib(), w.threads(),
						w.serverCpuPercent(), w.driverCpuPercent(), w.reconnects(), w.errors(), w.loadAverage());
				md.append(" |\n");
			}
		}
		Report.problems(md, problems());
		return md.toString();
	}

	List<String> problems() {
		List<String> problems = new ArrayList<>();
		for (SoakRun run : runs()) {
			run.problems().forEach((p) -> problems.add(run.server().label() + ": " + p));
		}
		return problems;
	}

	private static void row(StringBuilder md, String name, double start, double end) {
		md.append("| ").append(name).append(" | ").append(Report.number(start)).append(" | ").append(Report.number(end))
			.append(" | ").append(change(start, end)).append(" |\n");
	}

	private static String change(double start, double end) {
		if (Double.isNaN(start) || Double.isNaN(end)) {
			return "-";
		}
		String delta = ((end >= start) ? "+" : "") + Report.number(end - start);
		return (start != 0) ? delta + String.format(Locale.ROOT, " (%+.1f %%)", (end - start) / start * 100) : delta;
	}

	private static void cells(StringBuilder md, double... values) {
		for (double value : values) {
			md.append(" | ").append(Report.number(value));
		}
	}

	private Map<String, Object> json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("environment", environment());
		SoakSettings soak = this.settings.soak();
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("clients", soak.clients());
		settings.put("roomSize", soak.roomSize());
		settings.put("rooms", soak.rooms());
		settings.put("durationSeconds", soak.duration().toMillis() / 1000.0);
		settings.put("sampleSeconds", soak.sample().toMillis() / 1000.0);
		settings.put("warmupWindows", soak.warmupWindows());
		settings.put("messageIntervalSeconds", soak.messageInterval().toMillis() / 1000.0);
		settings.put("churnPercentPerMinute", soak.churnPercentPerMinute());
		settings.put("lossTimeoutSeconds", SoakChat.LOSS_TIMEOUT.toSeconds());
		json.put("settings", settings);
		List<Object> runs = new ArrayList<>();
		for (SoakRun run : runs()) {
			Map<String, Object> one = new LinkedHashMap<>();
			one.put("server", run.server().label());
			one.put("variant", run.variant());
			one.put("startWindow", run.start().index());
			one.put("endWindow", run.end().index());
			one.put("finished", run.finished());
			one.put("startAfterFullGc", run.startAfterGc());
			one.put("endAfterFullGc", run.endAfterGc());
			one.put("summary", run.metrics());
			one.put("windows", run.windows());
			one.put("problems", run.problems());
			runs.add(one);
		}
		json.put("runs", runs);
		json.put("problems", problems());
		return json;
	}

}
