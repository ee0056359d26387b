package dev.ioboot.benchmarks;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's smoke mode, run the way {@code benchmarks/run --smoke} runs it (a separate
 * JVM on the packaged jar), so that the benchmark cannot rot: every workload runs a few
 * seconds against every server (recovery-memory against the two with connection state
 * recovery) and the report comes out complete and clean; and a tiny {@code soak} (6 s, 100
 * clients) against io-spring-boot.
 */
class BenchmarkSmokeIT {

	private static final List<String> SERVERS = List.of("io-spring-boot", "io-spring-boot-nonblocking", "netty-socketio",
			"node", "netty-raw");

	/** The servers with connection state recovery. */
	private static final List<String> RECOVERY_SERVERS = List.of("io-spring-boot", "node");

	private static final String RECOVERY_KEPT = "S=200 B, C=2 + 2 disconnected, every packet kept";

	private static final String RECOVERY_BOUNDED = "S=200 B, C=2 + 2 disconnected, starter's buffer-limit 64KB";

	private static final String FIXED_RATE = "C=10, 500 acks/s offered, 64 B";

	private static final Path TARGET = Path.of(System.getProperty("benchmarks.classpath.dir", "target"));

	@Test
	void smokeRunWritesACompleteReportWithoutProblems() throws Exception {
		Path output = TARGET.resolve("smoke");
		String log = benchmark("smoke.log", "--smoke", "--output=" + output);

		JsonNode report = new ObjectMapper().readTree(output.resolve("report.json").toFile());
		assertThat(report.get("problems")).as(log).isEmpty();
		JsonNode workloads = report.get("workloads");
		assertThat(names(workloads)).containsExactly("ack-roundtrip", "ack-fixed-rate", "fanout", "connect-storm",
				"idle-memory", "recovery-memory");
		for (Map.Entry<String, JsonNode> workload : workloads.properties()) {
			for (Map.Entry<String, JsonNode> variant : workload.getValue().properties()) {
				for (Map.Entry<String, JsonNode> metric : variant.getValue().properties()) {
					assertThat(names(metric.getValue())).as("%s %s %s", workload.getKey(), variant.getKey(), metric.getKey())
						.containsExactlyElementsOf(workload.getKey().equals("recovery-memory") ? RECOVERY_SERVERS : SERVERS);
				}
			}
		}
		for (String server : SERVERS) {
			assertThat(median(workloads, "ack-roundtrip", "C=10, 64 B", "acks/s", server)).isPositive();
			assertThat(median(workloads, "ack-roundtrip", "C=10, 1024 B", "wrong acks", server)).isZero();
			// the open loop offers its rate (500/s in smoke mode) whatever the server answers
			assertThat(median(workloads, "ack-fixed-rate", FIXED_RATE, "offered acks/s", server)).isBetween(400.0, 600.0);
			assertThat(median(workloads, "ack-fixed-rate", FIXED_RATE, "acks/s", server)).isPositive();
			assertThat(median(workloads, "ack-fixed-rate", FIXED_RATE, "wrong acks", server)).isZero();
			assertThat(median(workloads, "fanout", "R=20, 20 triggers/s", "lost", server)).isZero();
			assertThat(median(workloads, "fanout", "R=20, 20 triggers/s", "deliveries/s", server)).isPositive();
			assertThat(median(workloads, "connect-storm", "N=100 at 200.0/s", "failures", server)).isZero();
			assertThat(median(workloads, "connect-storm", "N=100 at 200.0/s, again", "failures", server)).isZero();
			assertThat(median(workloads, "idle-memory", "levels [20, 50]", "connected at the end", server))
				.isEqualTo(50);
		}
		assertThat(names(workloads.get("recovery-memory"))).containsExactly(RECOVERY_KEPT, RECOVERY_BOUNDED);
		for (String server : RECOVERY_SERVERS) {
			for (String variant : List.of(RECOVERY_KEPT, RECOVERY_BOUNDED)) {
				assertThat(median(workloads, "recovery-memory", variant, "lost", server)).isZero();
				assertThat(median(workloads, "recovery-memory", variant, "heap MiB before", server)).isPositive();
				assertThat(median(workloads, "recovery-memory", variant, "RSS MiB, P=1000", server)).isPositive();
			}
			// every packet kept: a thousand packets of 200 B take well over 100 KB on either server
			assertThat(median(workloads, "recovery-memory", RECOVERY_KEPT, "heap kept MiB, P=1000", server))
				.isGreaterThan(0.1);
		}
		// the starter's buffer stops at its limit (64KB of packets here); Node's has none
		assertThat(median(workloads, "recovery-memory", RECOVERY_BOUNDED, "heap kept MiB, P=1000", "io-spring-boot"))
			.isLessThan(median(workloads, "recovery-memory", RECOVERY_KEPT, "heap kept MiB, P=1000", "io-spring-boot") / 2);
		String markdown = Files.readString(output.resolve("report.md"));
		assertThat(markdown).contains("io-spring-boot / node", "io-spring-boot / netty-raw", "## Targets",
				"socket.io (node) | 4.8");
	}

	@Test
	void tinySoakWritesEveryWindowWithoutLossOrErrors() throws Exception {
		Path output = TARGET.resolve("smoke-soak");
		String log = benchmark("smoke-soak.log", "--smoke", "--workloads=soak", "--servers=io-spring-boot",
				"--output=" + output);

		JsonNode soak = new ObjectMapper().readTree(output.resolve("soak.json").toFile());
		assertThat(soak.get("problems")).as(log).isEmpty();
		assertThat(soak.get("runs")).as(log).hasSize(1);
		JsonNode run = soak.get("runs").get(0);
		assertThat(run.get("server").asText()).isEqualTo("io-spring-boot");
		JsonNode windows = run.get("windows");
		assertThat(windows).as(log).hasSize(3);
		long reconnects = 0;
		for (JsonNode window : windows) {
			assertThat(window.get("clients").asInt()).as(log).isPositive();
			assertThat(window.get("sent").asLong()).as(log).isPositive();
			assertThat(window.get("delivered").asLong()).as(log).isPositive();
			assertThat(window.get("lost").asLong()).as(log).isZero();
			assertThat(window.get("errors").asLong()).as(log).isZero();
			assertThat(window.get("ackP99").asDouble()).as(log).isPositive();
			assertThat(window.get("heapMib").asDouble()).as(log).isPositive();
			assertThat(window.get("threads").asInt()).as(log).isPositive();
			reconnects += window.get("reconnects").asLong();
		}
		assertThat(reconnects).as("churn reconnects").isPositive();
		assertThat(run.path("startAfterFullGc").path("liveHeapMib").asDouble()).isPositive();
		assertThat(run.path("endAfterFullGc").path("liveHeapMib").asDouble()).isPositive();
		assertThat(run.path("endAfterFullGc").path("rssMib").asDouble()).isPositive();

		JsonNode report = new ObjectMapper().readTree(output.resolve("report.json").toFile());
		assertThat(report.get("problems")).as(log).isEmpty();
		assertThat(names(report.get("workloads"))).containsExactly("soak");
		assertThat(Files.readString(output.resolve("soak.md"))).contains("## io-spring-boot: start against end",
				"heap after full GC MiB", "### io-spring-boot: every window");
	}

	/**
	 * Runs the benchmark command in its own JVM on the packaged jar and returns its output.
	 */
	private static String benchmark(String logName, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", TARGET.resolve("io-spring-boot-benchmarks.jar") + File.pathSeparator + TARGET.resolve("lib") + "/*",
				"dev.ioboot.benchmarks.BenchmarkCommand",
				"--node-dir=" + Path.of(System.getProperty("benchmarks.dir", ".")).resolve("node")));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(TARGET.resolve(logName).toFile())
			.start();
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
		String log = Files.readString(TARGET.resolve(logName), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(log).isZero();
		return log;
	}

	private static List<String> names(JsonNode node) {
		return node.properties().stream().map(Map.Entry::getKey).toList();
	}

	private static double median(JsonNode workloads, String workload, String variant, String metric, String server) {
		JsonNode cell = workloads.path(workload).path(variant).path(metric).path(server);
		assertThat(cell.isMissingNode()).as("%s / %s / %s / %s", workload, variant, metric, server).isFalse();
		return cell.get("median").asDouble();
	}

}
