package dev.ioboot.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ioboot.benchmarks.driver.LoadDriver;
import dev.ioboot.benchmarks.driver.LoadDriver.ConnectOutcome;

/**
 * {@code connect-storm}: N clients connect at a fixed rate; each connect is timed from the TCP
 * connect to the server's answer to CONNECT ({@code 40}), and fails after 10 seconds.
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
		server.profileStart();
		double cpuBefore = server.cpuSeconds();
		double driverBefore = ProcessStats.ownCpuSeconds();
		ConnectOutcome outcome = driver.connect(settings.stormClients(), settings.stormRate(), TIMEOUT);
		double cpu = server.cpuSeconds() - cpuBefore;
		double driverCpu = ProcessStats.ownCpuSeconds() - driverBefore;
		server.profileStop(name());
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
		return List.of(new Result(name(), "N=" + settings.stormClients() + " at " + settings.stormRate() + "/s",
				server.kind(), run, metrics, ""));
	}

}
