package dev.ioboot.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ioboot.benchmarks.ServerProbe.AfterGc;
import dev.ioboot.benchmarks.ServerProbe.Sample;
import dev.ioboot.benchmarks.SoakChat.Counts;
import dev.ioboot.benchmarks.driver.LoadDriver;

/**
 * {@code soak}: a chat held for a long time ({@link SoakSettings}), so that what grows with
 * time shows: heap, RSS, threads and latency, window by window. Clients send {@code chat} to
 * their room with an acknowledgement; the server's handler sends it on to the rest of the room
 * ({@code socket.to(room).emit}); a few clients a minute disconnect and come back. After the
 * warm-up and after the last window the server runs a full GC and its live heap, RSS and threads
 * are read: the start and the end of the comparison. The windows go to {@code soak.md} and
 * {@code soak.json} ({@link SoakReport}); the start and end figures also to the main report.
 */
final class Soak implements Workload {

	private final SoakReport report;

	Soak(SoakReport report) {
		this.report = report;
	}

	@Override
	public String name() {
		return Settings.SOAK;
	}

	@Override
	public List<Result> run(ServerProcess server, LoadDriver driver, Settings settings, int run) throws Exception {
		SoakSettings soak = settings.soak();
		ServerProbe probe = new ServerProbe(server, driver);
		probe.prepare();
		SoakChat chat = new SoakChat(driver, soak);
		chat.connect(settings.setupRate());
		log(soak.clients() + " clients in their rooms; chatting for " + soak.duration().toSeconds() + " s");
		int windows = soak.windows();
		int warmup = soak.warmupWindows();
		int slot = this.report.begin();
		List<SoakWindow> table = new ArrayList<>();
		List<String> probeProblems = new ArrayList<>();
		AfterGc startGc = (warmup == 0) ? collect(probe, "before the first window", probeProblems) : null;
		Sample before = probe.sample();
		long start = System.nanoTime();
		driver.onLoop(chat::start);
		long driverProblems = 0;
		Counts counts = null;
		Counts carried = null;
		Sample after = null;
		for (int index = 1; index <= windows; index++) {
			long end = start + Math.min(index * soak.sample().toNanos(), soak.duration().toNanos());
			Payloads.hold(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
			counts = driver.onLoop(chat::roll);
			if (carried != null) {
				counts.addProblems(carried);
				carried = null;
			}
			after = probe.sample();
			SoakWindow window = SoakWindow.of(index, index <= warmup, start, counts,
					counts.driverProblemsSoFar - driverProblems, before, after);
			if (index < windows) {
				table.add(window);
				log(describe(window, windows));
				driverProblems = counts.driverProblemsSoFar;
				before = after;
			}
			if (index == warmup && index < windows) {
				// the collection's seconds are left out of the first measured window, as the
				// last collection is: only their losses and errors are carried over
				startGc = collect(probe, "after the warm-up", probeProblems);
				carried = driver.onLoop(chat::roll);
				before = probe.sample();
			}
			if (index < windows) {
				// so far, in case the run is cut short
				this.report.set(slot, new SoakRun(server.kind(), soak, List.copyOf(table), warmup, startGc, null,
						List.copyOf(probeProblems), false));
			}
		}
		AfterGc endGc = collect(probe, "after the last window", probeProblems);
		driver.onLoop(chat::stop);
		driver.awaitOnLoop(chat::drained, SoakChat.LOSS_TIMEOUT);
		Counts drain = driver.onLoop(chat::finish);
		counts.addProblems(drain);
		SoakWindow last = SoakWindow.of(windows, windows <= warmup, start, counts,
				drain.driverProblemsSoFar - driverProblems, before, after);
		table.add(last);
		log(describe(last, windows));
		SoakRun soakRun = new SoakRun(server.kind(), soak, table, warmup, startGc, endGc, probeProblems, true);
		this.report.set(slot, soakRun);
		return List.of(new Result(name(), soakRun.variant(), server.kind(), run, soakRun.metrics(),
				String.join("; ", soakRun.problems())));
	}

	/**
	 * A full GC and what it leaves; if it fails, a problem and no figures rather than the
	 * windows measured so far thrown away.
	 */
	private static AfterGc collect(ServerProbe probe, String when, List<String> problems) {
		try {
			return probe.collect();
		}
		catch (Exception ex) {
			problems.add("full GC " + when + " failed: " + ex);
			log("full GC " + when + " failed: " + ex);
			return AfterGc.UNKNOWN;
		}
	}

	private static String describe(SoakWindow w, int windows) {
		return "window " + w.index() + "/" + windows + (w.warmup() ? " (warm-up)" : "") + ": " + w.clients()
				+ " clients, " + Report.number(w.messagesPerSecond()) + " msg/s, " + Report.number(w.deliveriesPerSecond())
				+ " deliveries/s, ack p99 " + Report.number(w.ackP99()) + " ms, delivery p99 "
				+ Report.number(w.deliveryP99()) + " ms, heap " + Report.number(w.heapMib()) + " MiB, RSS "
				+ Report.number(w.rssMib()) + " MiB, threads " + w.threads() + ", CPU "
				+ Report.number(w.serverCpuPercent()) + " %, lost " + w.lost() + ", errors " + w.errors()
				+ ", load " + Report.number(w.loadAverage());
	}

	private static void log(String line) {
		System.out.println("  soak: " + line);
	}

	/**
	 * One server's soak: the windows, and the start and end of the comparison.
	 *
	 * @param server the server
	 * @param settings the soak's settings
	 * @param windows every window, warm-up included
	 * @param warmupWindows how many of them are warm-up
	 * @param startGc the figures after the full GC that ends the warm-up ({@code null} until then)
	 * @param endGc the figures after the full GC that follows the last window ({@code null} until then)
	 * @param probeProblems what went wrong reading the server
	 * @param finished whether every window is in
	 */
	record SoakRun(ServerKind server, SoakSettings settings, List<SoakWindow> windows, int warmupWindows,
			AfterGc startGc, AfterGc endGc, List<String> probeProblems, boolean finished) {

		AfterGc startAfterGc() {
			return (this.startGc != null) ? this.startGc : AfterGc.UNKNOWN;
		}

		AfterGc endAfterGc() {
			return (this.endGc != null) ? this.endGc : AfterGc.UNKNOWN;
		}

		String variant() {
			return "C=" + this.settings.clients() + ", " + this.settings.rooms() + " rooms, "
					+ this.settings.duration().toSeconds() + " s";
		}

		/**
		 * The first window after the warm-up.
		 */
		SoakWindow start() {
			return this.windows.get(Math.min(this.warmupWindows, this.windows.size() - 1));
		}

		SoakWindow end() {
			return this.windows.get(this.windows.size() - 1);
		}

		List<SoakWindow> measured() {
			return this.windows.subList(Math.min(this.warmupWindows, this.windows.size() - 1), this.windows.size());
		}

		long total(java.util.function.ToLongFunction<SoakWindow> figure) {
			return this.windows.stream().mapToLong(figure).sum();
		}

		List<String> problems() {
			List<String> problems = new ArrayList<>(this.probeProblems);
			if (!this.finished) {
				problems.add("cut short after " + this.windows.size() + " of " + this.settings.windows() + " windows");
			}
			long lost = total(SoakWindow::lost);
			if (lost > 0) {
				problems.add(lost + " deliveries lost");
			}
			for (SoakWindow window : this.windows) {
				if (window.errors() > 0) {
					problems.add("window " + window.index() + ": " + window.errorDetail());
				}
			}
			return problems;
		}

		/**
		 * The start and end figures for the main report.
		 */
		Map<String, Double> metrics() {
			SoakWindow start = start();
			SoakWindow end = end();
			double seconds = measured().stream().mapToDouble(SoakWindow::seconds).sum();
			Map<String, Double> metrics = new LinkedHashMap<>();
			metrics.put("messages/s", measured().stream().mapToLong(SoakWindow::sent).sum() / seconds);
			metrics.put("deliveries/s", measured().stream().mapToLong(SoakWindow::delivered).sum() / seconds);
			metrics.put("ack p99 ms, start", start.ackP99());
			metrics.put("ack p99 ms, end", end.ackP99());
			metrics.put("delivery p99 ms, start", start.deliveryP99());
			metrics.put("delivery p99 ms, end", end.deliveryP99());
			metrics.put("heap after full GC MiB, start", startAfterGc().liveHeapMib());
			metrics.put("heap after full GC MiB, end", endAfterGc().liveHeapMib());
			metrics.put("RSS after full GC MiB, start", startAfterGc().rssMib());
			metrics.put("RSS after full GC MiB, end", endAfterGc().rssMib());
			metrics.put("threads, start", (double) start.threads());
			metrics.put("threads, end", (double) end.threads());
			metrics.put("server CPU %", measured().stream().mapToDouble((w) -> w.serverCpuPercent() * w.seconds()).sum()
					/ seconds);
			metrics.put("reconnects", (double) total(SoakWindow::reconnects));
			metrics.put("lost", (double) total(SoakWindow::lost));
			metrics.put("errors", (double) total(SoakWindow::errors));
			return metrics;
		}

	}

}
