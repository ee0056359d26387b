package dev.ioboot.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ioboot.benchmarks.driver.LoadDriver;
import dev.ioboot.benchmarks.driver.LoadDriver.ConnectOutcome;

/**
 * {@code connect-storm}: N clients connect at a fixed rate; each connect is timed from the TCP
 * connect to the server's answer to CONNECT ({@code 40}), and fails after 10 seconds. The storm
 * runs twice on the same server, after a discarded fifth: the first storm (a server that has
 * seen few connects, whose JIT compiles the connect path meanwhile) and, once those clients
 * are closed, the same storm again (the connect path compiled).
 */
final class ConnectStorm implements Workload {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Override
	public String name() {
		return "connect-storm";
	}

	@Override
	public List<Result> run(ServerProcess server, LoadDriver driver, Settings settings, int run) {
		// warm-up, discarded: a fifth of the clients at the same rate, then closed
		ConnectOutcome warmup = driver.connect(settings.stormClients() / 5, settings.stormRate(), TIMEOUT);
		driver.closeAll(warmup.clients());
		String variant = "N=" + settings.stormClients() + " at " + settings.stormRate() + "/s";
		return List.of(storm(server, driver, settings, run, variant, "first"),
				storm(server, driver, settings, run, variant + ", again", "again"));
	}

	private Result storm(ServerProcess server, LoadDriver driver, Settings settings, int run, String variant,
			String profile) {
		server.profileStart();
		double cpuBefore = server.cpuSeconds();
		double driverBefore = ProcessStats.ownCpuSeconds();
		ConnectOutcome outcome = driver.connect(settings.stormClients(), settings.stormRate(), TIMEOUT);
		double cpu = server.cpuSeconds() - cpuBefore;
		double driverCpu = ProcessStats.ownCpuSeconds() - driverBefore;
		server.profileStop(name() + "-" + profile);
		int connected = outcome.clients().size();
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("connects/s", connected / (outcome.elapsedNanos() / 1e9));
		metrics.put("p50 ms", Payloads.millis(outcome.latencies(), 50));
		metrics.put("p99 ms", Payloads.millis(outcome.latencies(), 99));
		metrics.put("max ms", Payloads.maxMillis(outcome.latencies()));
		metrics.put("failures", (double) (settings.stormClients() - connected));
		metrics.put("CPU s / 100k connects", cpu / Math.max(1, connected) * 100_000);
		metrics.put("RSS MiB", Payloads.mib(server.rssKib()));
		metrics.put("driver CPU %", driverCpu / (outcome.elapsedNanos() / 1e9) * 100);
		driver.closeAll(outcome.clients());
		return new Result(name(), variant, server.kind(), run, metrics, "");
	}

}
