package dev.ioboot.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.ioboot.benchmarks.driver.BenchClient;
import dev.ioboot.benchmarks.driver.LoadDriver;
import dev.ioboot.benchmarks.driver.LoadDriver.ConnectOutcome;
import org.HdrHistogram.Histogram;

/**
 * {@code fanout}: R clients join a room; one more client sends {@code fanout} at a fixed rate
 * and the server emits {@code tick} to the room. Each tick carries the driver's send time, so
 * every delivery has a latency; per trigger the first and the last receiver are reported.
 */
final class Fanout implements Workload {

	private final WarmUp warmUp = new WarmUp();

	private static final Duration DRAIN = Duration.ofSeconds(15);

	@Override
	public String name() {
		return "fanout";
	}

	@Override
	public List<Result> run(ServerProcess server, LoadDriver driver, Settings settings, int run) throws Exception {
		List<Result> results = new ArrayList<>();
		for (int receivers : settings.fanoutReceivers()) {
			results.add(measure(server, driver, settings, run, receivers));
		}
		return results;
	}

	private Result measure(ServerProcess server, LoadDriver driver, Settings settings, int run, int receivers)
			throws Exception {
		String room = "fan-" + receivers;
		ConnectOutcome outcome = driver.connect(receivers + 1, settings.setupRate(), Duration.ofSeconds(30));
		if (outcome.failures() > 0) {
			throw new IllegalStateException(outcome.failures() + " of " + receivers + " clients did not connect");
		}
		List<BenchClient> clients = outcome.clients();
		BenchClient trigger = clients.get(0);
		List<BenchClient> members = clients.subList(1, clients.size());
		Deliveries deliveries = new Deliveries(receivers);
		CompletableFuture<Void> joined = new CompletableFuture<>();
		driver.onLoop(() -> {
			int[] pending = { members.size() };
			for (BenchClient member : members) {
				member.onTicks(deliveries);
				member.request("join", (client, ack) -> {
					if (--pending[0] == 0) {
						joined.complete(null);
					}
				}, Payloads.string(room));
			}
			return null;
		});
		joined.get(30, TimeUnit.SECONDS);
		String prefix = "{\"room\":\"" + room + "\",\"t\":";
		String suffix = ",\"payload\":" + new String(Payloads.json(64), StandardCharsets.US_ASCII) + "}";
		double rate = settings.fanoutDeliveries() / receivers;
		long periodNanos = (long) (1e9 / rate);
		ScheduledFuture<?> sender = driver.onLoop(() -> driver.loop().scheduleAtFixedRate(() -> {
			long t = deliveries.now();
			deliveries.sent(t);
			trigger.emit("fanout", (prefix + t + suffix).getBytes(StandardCharsets.US_ASCII));
		}, 0, periodNanos, TimeUnit.NANOSECONDS));
		this.warmUp.hold(settings);
		server.profileStart();
		double[] start = driver.onLoop(() -> new double[] { deliveries.startWindow(), server.cpuSeconds(),
				ProcessStats.ownCpuSeconds() });
		Payloads.hold(settings.measure());
		double[] end = driver.onLoop(() -> {
			sender.cancel(false);
			return new double[] { deliveries.endWindow(), server.cpuSeconds(), ProcessStats.ownCpuSeconds() };
		});
		server.profileStop(name() + "-R=" + receivers);
		driver.awaitOnLoop(deliveries::complete, DRAIN);
		Map<String, Double> metrics = driver.onLoop(() -> deliveries.metrics((end[0] - start[0]) / 1e9));
		long delivered = driver.onLoop(() -> deliveries.delivered);
		metrics.put("CPU s / 100k deliveries", (end[1] - start[1]) / delivered * 100_000);
		metrics.put("RSS MiB", Payloads.mib(server.rssKib()));
		metrics.put("driver CPU %", (end[2] - start[2]) / ((end[0] - start[0]) / 1e9) * 100);
		driver.closeAll(clients);
		return new Result(name(), "R=" + receivers + ", " + Report.number(rate) + " triggers/s", server.kind(),
				run, metrics, "");
	}

	/**
	 * Deliveries of the triggers sent within the measurement window, kept on the event loop.
	 */
	private static final class Deliveries implements BenchClient.TickListener {

		private final int receivers;

		private final Map<Long, long[]> triggers = new HashMap<>();

		private final Histogram all = new Histogram(3);

		// ticks carry nanoseconds since this base, a number JSON parsers keep exactly
		private final long base = System.nanoTime();

		private long windowStart = Long.MAX_VALUE;

		private long windowEnd = Long.MAX_VALUE;

		private long delivered;

		Deliveries(int receivers) {
			this.receivers = receivers;
		}

		long now() {
			return System.nanoTime() - this.base;
		}

		void sent(long t) {
			if (t >= this.windowStart && t < this.windowEnd) {
				// count, first latency, last latency
				this.triggers.put(t, new long[] { 0, -1, -1 });
			}
		}

		@Override
		public void onTick(BenchClient client, long t) {
			long[] trigger = this.triggers.get(t);
			if (trigger == null) {
				return;
			}
			long latency = now() - t;
			this.all.recordValue(latency);
			this.delivered++;
			if (trigger[0]++ == 0) {
				trigger[1] = latency;
			}
			trigger[2] = latency;
		}

		long startWindow() {
			this.windowStart = now();
			return this.windowStart;
		}

		long endWindow() {
			this.windowEnd = now();
			return this.windowEnd;
		}

		boolean complete() {
			return this.triggers.values().stream().allMatch((t) -> t[0] == this.receivers);
		}

		Map<String, Double> metrics(double seconds) {
			Histogram first = new Histogram(3);
			Histogram last = new Histogram(3);
			for (long[] trigger : this.triggers.values()) {
				if (trigger[0] > 0) {
					first.recordValue(trigger[1]);
					last.recordValue(trigger[2]);
				}
			}
			long expected = (long) this.triggers.size() * this.receivers;
			Map<String, Double> metrics = new LinkedHashMap<>();
			metrics.put("deliveries/s", this.delivered / seconds);
			metrics.put("p50 ms", Payloads.millis(this.all, 50));
			metrics.put("p99 ms", Payloads.millis(this.all, 99));
			metrics.put("max ms", Payloads.maxMillis(this.all));
			metrics.put("first receiver p50 ms", Payloads.millis(first, 50));
			metrics.put("last receiver p50 ms", Payloads.millis(last, 50));
			metrics.put("last receiver p99 ms", Payloads.millis(last, 99));
			metrics.put("lost", (double) (expected - this.delivered));
			return metrics;
		}

	}

}
