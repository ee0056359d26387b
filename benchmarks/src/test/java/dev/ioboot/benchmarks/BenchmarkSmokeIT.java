package dev.ioboot.benchmarks;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * seconds against every server and the report comes out complete and clean.
 */
class BenchmarkSmokeIT {

	private static final List<String> SERVERS = List.of("io-spring-boot", "netty-socketio", "node", "netty-raw");

	@Test
	void smokeRunWritesACompleteReportWithoutProblems() throws Exception {
		Path target = Path.of(System.getProperty("benchmarks.classpath.dir", "target"));
		Path output = target.resolve("smoke");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				target.resolve("io-spring-boot-benchmarks.jar") + File.pathSeparator + target.resolve("lib") + "/*",
				"dev.ioboot.benchmarks.BenchmarkCommand", "--smoke", "--output=" + output,
				"--node-dir=" + Path.of(System.getProperty("benchmarks.dir", ".")).resolve("node"))
			.redirectErrorStream(true)
			.redirectOutput(target.resolve("smoke.log").toFile())
			.start();
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
		String log = Files.readString(target.resolve("smoke.log"), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(log).isZero();

		JsonNode report = new ObjectMapper().readTree(output.resolve("report.json").toFile());
		assertThat(report.get("problems")).as(log).isEmpty();
		JsonNode workloads = report.get("workloads");
		assertThat(names(workloads)).containsExactly("ack-roundtrip", "fanout", "connect-storm", "idle-memory");
		for (Map.Entry<String, JsonNode> workload : workloads.properties()) {
			for (Map.Entry<String, JsonNode> variant : workload.getValue().properties()) {
				for (Map.Entry<String, JsonNode> metric : variant.getValue().properties()) {
					assertThat(names(metric.getValue())).as("%s %s %s", workload.getKey(), variant.getKey(), metric.getKey())
						.containsExactlyElementsOf(SERVERS);
				}
			}
		}
		for (String server : SERVERS) {
			assertThat(median(workloads, "ack-roundtrip", "C=10, 64 B", "acks/s", server)).isPositive();
			assertThat(median(workloads, "ack-roundtrip", "C=10, 1024 B", "wrong acks", server)).isZero();
			assertThat(median(workloads, "fanout", "R=20, 20 triggers/s", "lost", server)).isZero();
			assertThat(median(workloads, "fanout", "R=20, 20 triggers/s", "deliveries/s", server)).isPositive();
			assertThat(median(workloads, "connect-storm", "N=100 at 200.0/s", "failures", server)).isZero();
			assertThat(median(workloads, "idle-memory", "levels [20, 50]", "connected at the end", server))
				.isEqualTo(50);
		}
		String markdown = Files.readString(output.resolve("report.md"));
		assertThat(markdown).contains("io-spring-boot / node", "io-spring-boot / netty-raw", "## Targets",
				"socket.io (node) | 4.8");
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
