package dev.ioboot.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ioboot.benchmarks.driver.BenchClient;
import dev.ioboot.benchmarks.driver.LoadDriver;
import dev.ioboot.benchmarks.driver.LoadDriver.ConnectOutcome;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load driver speaks Socket.IO the way the real {@code socket.io-client} does: against each
 * Socket.IO benchmark server, the driver's clients and a {@code socket.io-client} in the same
 * room get the same acknowledgement and the same ticks, in order.
 */
class DriverConformanceIT {

	private static final Path NODE_DIR = Path.of(System.getProperty("benchmarks.dir", ".")).resolve("node");

	private static final byte[] PAYLOAD = "{\"a\":1,\"s\":\"x\"}".getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest
	@EnumSource(value = ServerKind.class, names = { "NODE", "IO_SPRING_BOOT", "IO_SPRING_BOOT_NON_BLOCKING", "NETTY_SOCKETIO", "NETTY_RAW" })
	void driverAndSocketIoClientSeeTheSameAcksAndTicks(ServerKind kind) throws Exception {
		Settings settings = Settings.parse(new String[] { "--smoke", "--node-dir=" + NODE_DIR,
				"--output=" + Path.of(System.getProperty("benchmarks.classpath.dir", "target")).resolve("conformance") });
		try (ServerProcess server = ServerProcess.start(kind, settings, "conformance", null);
				LoadDriver driver = new LoadDriver("127.0.0.1", server.port(), kind.protocol())) {
			ConnectOutcome outcome = driver.connect(3, 100, Duration.ofSeconds(20));
			assertThat(outcome.failures()).isZero();
			List<BenchClient> clients = outcome.clients();
			BenchClient trigger = clients.get(0);

			CompletableFuture<String> echo = new CompletableFuture<>();
			driver.onLoop(() -> {
				trigger.request("echo", (client, args) -> echo.complete(text(args)), PAYLOAD);
				return null;
			});
			assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("{\"a\":1,\"s\":\"x\"}");

			List<List<Long>> received = List.of(new ArrayList<>(), new ArrayList<>());
			CountDownLatch allTicks = new CountDownLatch(6);
			CompletableFuture<Void> joined = new CompletableFuture<>();
			driver.onLoop(() -> {
				int[] pending = { 2 };
				for (int i = 1; i <= 2; i++) {
					List<Long> ticks = received.get(i - 1);
					clients.get(i).onTicks((client, t) -> {
						ticks.add(t);
						allTicks.countDown();
					});
					clients.get(i).request("join", (client, args) -> {
						assertThat(text(args)).isEqualTo("true");
						if (--pending[0] == 0) {
							joined.complete(null);
						}
					}, "\"conformance\"".getBytes(StandardCharsets.US_ASCII));
				}
				return null;
			});
			joined.get(10, TimeUnit.SECONDS);

			Process check = null;
			if (kind != ServerKind.NETTY_RAW) {
				check = new ProcessBuilder("node", NODE_DIR.resolve("check-client.mjs").toString(),
						"--url=http://127.0.0.1:" + server.port(), "--room=conformance", "--ticks=3")
					.redirectError(ProcessBuilder.Redirect.INHERIT)
					.start();
			}
			BufferedReader checkOut = (check != null)
					? new BufferedReader(new InputStreamReader(check.getInputStream(), StandardCharsets.UTF_8)) : null;
			if (checkOut != null) {
				assertThat(checkOut.readLine()).isEqualTo("JOINED");
			}
			driver.onLoop(() -> {
				for (long t = 1; t <= 3; t++) {
					trigger.emit("fanout", ("{\"room\":\"conformance\",\"t\":" + t + ",\"payload\":{\"n\":" + t + "}}")
						.getBytes(StandardCharsets.US_ASCII));
				}
				return null;
			});
			if (checkOut != null) {
				JsonNode result = new ObjectMapper().readTree(checkOut.readLine());
				assertThat(check.waitFor(20, TimeUnit.SECONDS)).isTrue();
				assertThat(check.exitValue()).isZero();
				assertThat(result.get("echo").toString()).isEqualTo("{\"a\":1,\"s\":\"x\"}");
				List<Long> clientTicks = new ArrayList<>();
				for (JsonNode tick : result.get("ticks")) {
					assertThat(tick.get("payload").get("n").asLong()).isEqualTo(tick.get("t").asLong());
					clientTicks.add(tick.get("t").asLong());
				}
				assertThat(clientTicks).containsExactly(1L, 2L, 3L);
			}
			assertThat(allTicks.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(driver.onLoop(() -> List.copyOf(received.get(0)))).containsExactly(1L, 2L, 3L);
			assertThat(driver.onLoop(() -> List.copyOf(received.get(1)))).containsExactly(1L, 2L, 3L);
			assertThat(driver.onLoop(() -> driver.stats().unexpected())).isZero();
		}
	}

	private static String text(ByteBuf args) {
		return args.toString(StandardCharsets.UTF_8);
	}

}
