package dev.ioboot.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.ioboot.benchmarks.driver.BenchClient;
import dev.ioboot.benchmarks.driver.LoadDriver;
import dev.ioboot.benchmarks.driver.LoadDriver.ConnectOutcome;

/**
 * {@code idle-memory}: idle connections are added level by level; at each level the server
 * runs a full GC (the {@code gc} event) and its RSS is read. The least-squares slope over the
 * levels is the memory per connection.
 */
final class IdleMemory implements Workload {

	@Override
	public String name() {
		return "idle-memory";
	}

	@Override
	public List<Result> run(ServerProcess server, LoadDriver driver, Settings settings, int run) throws Exception {
		ConnectOutcome control = driver.connect(1, 1, Duration.ofSeconds(30));
		BenchClient gc = control.clients().get(0);
		List<BenchClient> idle = new ArrayList<>();
		List<double[]> points = new ArrayList<>();
		Map<String, Double> metrics = new LinkedHashMap<>();
		int failures = 0;
		collect(driver, gc);
		metrics.put("RSS MiB at 0", Payloads.mib(server.rssKib()));
		for (int level : settings.idleLevels()) {
			ConnectOutcome outcome = driver.connect(level - idle.size(), settings.setupRate(), Duration.ofSeconds(30));
			idle.addAll(outcome.clients());
			failures += outcome.failures();
			collect(driver, gc);
			long rss = server.rssKib();
			metrics.put("RSS MiB at " + level, Payloads.mib(rss));
			points.add(new double[] { idle.size(), rss });
		}
		metrics.put("KiB per connection", slope(points));
		metrics.put("connected at the end", (double) driver.onLoop(() -> idle.stream().filter((c) -> !c.closed()).count()));
		metrics.put("failures", (double) failures);
		driver.closeAll(idle);
		driver.closeAll(control.clients());
		return List.of(new Result(name(), "levels " + settings.idleLevels(), server.kind(), run, metrics, ""));
	}

	/**
	 * Two full collections a second apart, so that memory freed by the first (and by the
	 * allocator after it) is returned before RSS is read.
	 */
	private void collect(LoadDriver driver, BenchClient client) throws Exception {
		for (int i = 0; i < 2; i++) {
			CompletableFuture<Void> done = new CompletableFuture<>();
			driver.onLoop(() -> {
				client.request("gc", (c, ack) -> done.complete(null));
				return null;
			});
			done.get(60, TimeUnit.SECONDS);
			Payloads.hold(Duration.ofSeconds(1));
		}
	}

	static double slope(List<double[]> points) {
		if (points.size() < 2) {
			return Double.NaN;
		}
		double meanX = points.stream().mapToDouble((p) -> p[0]).average().orElseThrow();
		double meanY = points.stream().mapToDouble((p) -> p[1]).average().orElseThrow();
		double numerator = 0;
		double denominator = 0;
		for (double[] p : points) {
			numerator += (p[0] - meanX) * (p[1] - meanY);
			denominator += (p[0] - meanX) * (p[0] - meanX);
		}
		return numerator / denominator;
	}

}
