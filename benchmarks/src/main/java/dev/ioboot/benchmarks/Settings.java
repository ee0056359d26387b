package dev.ioboot.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one benchmark run does, from the command line ({@code --name=value}).
 *
 * @param servers the servers, in the order they run
 * @param workloads the workloads, in the order they run
 * @param runs how many times each server runs each workload (the median is reported)
 * @param warmup load before the first measurement of a server process, discarded (the JIT needs
 * about 15 s to settle; later variants on the same process get a third of it)
 * @param measure the measurement window
 * @param ackClients client counts of {@code ack-roundtrip}
 * @param ackPayloads JSON payload sizes in bytes of {@code ack-roundtrip}
 * @param rateClients clients of {@code ack-fixed-rate}
 * @param rate acknowledged events per second offered by {@code ack-fixed-rate}, all clients
 * together
 * @param fanoutReceivers room sizes of {@code fanout}
 * @param fanoutDeliveries deliveries per second offered by {@code fanout} (the trigger rate is this
 * divided by the room size)
 * @param stormClients clients of {@code connect-storm}
 * @param stormRate connects per second of {@code connect-storm}
 * @param idleLevels connection counts of {@code idle-memory}
 * @param recoveryPackets packet counts of {@code recovery-memory}, cumulative: the memory is read
 * after each
 * @param recoveryPayload bytes of each packet's JSON object in {@code recovery-memory}
 * @param recoveryClients connected clients in the room of {@code recovery-memory}
 * @param recoveryDisconnected clients of that room that disconnect before the packets, their
 * state kept for recovery
 * @param recoveryLimit the starter's {@code buffer-limit} in the bounded variant of
 * {@code recovery-memory}, a Spring {@code DataSize} such as {@code 4MB}
 * @param setupRate connects per second when setting up a workload's clients
 * @param serverCpus {@code taskset} CPU list for the servers, or {@code null} not to pin
 * @param serverJvmOptions options of the JVM servers
 * @param nodeDir the directory of the Node server and its {@code node_modules}
 * @param outputDir where the report goes
 * @param smoke whether this is the short smoke mode
 * @param profile whether to profile the JVM servers during each measurement window
 * @param soak the settings of the {@code soak} workload, which runs only when asked for
 */
record Settings(List<ServerKind> servers, List<String> workloads, int runs, Duration warmup, Duration measure,
		List<Integer> ackClients, List<Integer> ackPayloads, int rateClients, double rate,
		List<Integer> fanoutReceivers, double fanoutDeliveries,
		int stormClients, double stormRate, List<Integer> idleLevels, List<Integer> recoveryPackets,
		int recoveryPayload, int recoveryClients, int recoveryDisconnected, String recoveryLimit, double setupRate,
		String serverCpus,
		List<String> serverJvmOptions, Path nodeDir, Path outputDir, boolean smoke, boolean profile,
		SoakSettings soak) {

	/** The workloads that run by default. */
	static final List<String> WORKLOADS = List.of("ack-roundtrip", AckFixedRate.NAME, "fanout", "connect-storm",
			"idle-memory", RecoveryMemory.NAME);

	/** The long-running workload, run only when named in {@code --workloads}. */
	static final String SOAK = "soak";

	static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms64m", "-Xmx1g", "-XX:+UseSerialGC",
			"-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss512k");

	static Settings parse(String[] args) {
		Arguments a = new Arguments(args);
		boolean smoke = a.flag("smoke");
		List<String> workloads = a.list("workloads", String.join(",", WORKLOADS));
		// the soak runs once per server whatever --runs says: alone, it needs one run
		boolean soakOnly = workloads.equals(List.of(SOAK));
		Settings settings = new Settings(
				a.list("servers", "io-spring-boot,io-spring-boot-nonblocking,netty-socketio,node,netty-raw").stream().map(ServerKind::ofLabel).toList(),
				workloads, a.integer("runs", (smoke || soakOnly) ? 1 : 3),
				Duration.ofMillis(a.integer("warmup-ms", smoke ? 500 : 15000)),
				Duration.ofMillis(a.integer("measure-ms", smoke ? 1000 : 10000)),
				a.integers("ack-clients", smoke ? "10" : "100,1000"), a.integers("ack-payloads", "64,1024"),
				a.integer("rate-clients", smoke ? 10 : 200), a.decimal("rate", smoke ? 500 : 20000),
				a.integers("fanout-receivers", smoke ? "20" : "1000,5000"), a.decimal("fanout-deliveries", smoke ? 400 : 20000),
				a.integer("storm-clients", smoke ? 100 : 10000), a.decimal("storm-rate", smoke ? 200 : 1000),
				a.integers("idle-levels", smoke ? "20,50" : "1000,5000,10000,19000"),
				a.integers("recovery-packets", smoke ? "200,1000" : "10000,50000,100000"), a.integer("recovery-payload", 200),
				a.integer("recovery-clients", smoke ? 2 : 5), a.integer("recovery-disconnected", smoke ? 2 : 5),
				a.text("recovery-limit", smoke ? "64KB" : "4MB"), a.decimal("setup-rate", 2000),
				a.text("server-cpus", null), Arrays.asList(a.text("server-jvm-options", String.join(" ", DEFAULT_JVM_OPTIONS)).split(" ")),
				Path.of(a.text("node-dir", "benchmarks/node")).toAbsolutePath(),
				Path.of(a.text("output", "benchmarks/target")).toAbsolutePath(), smoke, a.flag("profile"),
				new SoakSettings(a.integer("soak-clients", smoke ? 100 : 2000), a.integer("soak-room-size", smoke ? 10 : 20),
						a.duration("soak-duration", smoke ? "6s" : "30m"), a.duration("soak-sample", smoke ? "2s" : "1m"),
						a.duration("soak-warmup", smoke ? "2s" : "2m"),
						a.duration("soak-message-interval", smoke ? "1s" : "4s"), a.decimal("soak-churn", smoke ? 60 : 1)));
		a.rejectUnknown();
		for (String workload : settings.workloads()) {
			if (!WORKLOADS.contains(workload) && !SOAK.equals(workload)) {
				throw new IllegalArgumentException("Unknown workload '" + workload + "'; known: " + WORKLOADS + " and " + SOAK);
			}
		}
		List<Integer> packets = settings.recoveryPackets();
		for (int i = 0; i < packets.size(); i++) {
			if (packets.get(i) <= ((i == 0) ? 0 : packets.get(i - 1))) {
				throw new IllegalArgumentException("--recovery-packets=" + packets + ": expected growing positive counts");
			}
		}
		settings.soak().validate();
		return settings;
	}

	/**
	 * The {@code --name=value} arguments, each read once.
	 */
	private static final class Arguments {

		private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

		private final List<String> remaining;

		Arguments(String[] args) {
			this.remaining = new ArrayList<>(Arrays.asList(args));
		}

		boolean flag(String name) {
			return this.remaining.remove("--" + name);
		}

		String text(String name, String fallback) {
			String prefix = "--" + name + "=";
			for (String arg : this.remaining) {
				if (arg.startsWith(prefix)) {
					this.remaining.remove(arg);
					return arg.substring(prefix.length());
				}
			}
			return fallback;
		}

		int integer(String name, int fallback) {
			return Integer.parseInt(text(name, Integer.toString(fallback)));
		}

		double decimal(String name, double fallback) {
			return Double.parseDouble(text(name, Double.toString(fallback)));
		}

		List<String> list(String name, String fallback) {
			return Arrays.stream(text(name, fallback).split(",")).map(String::trim).filter((s) -> !s.isEmpty()).toList();
		}

		/**
		 * A duration such as {@code 30m}, {@code 90s}, {@code 500ms} or {@code 1h}.
		 */
		Duration duration(String name, String fallback) {
			String value = text(name, fallback);
			Matcher matcher = DURATION.matcher(value);
			if (!matcher.matches()) {
				throw new IllegalArgumentException("--" + name + "=" + value + ": expected a duration such as 30m, 90s or 500ms");
			}
			long amount = Long.parseLong(matcher.group(1));
			return switch (matcher.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			};
		}

		List<Integer> integers(String name, String fallback) {
			return list(name, fallback).stream().map(Integer::valueOf).toList();
		}

		void rejectUnknown() {
			if (!this.remaining.isEmpty()) {
				throw new IllegalArgumentException("Unknown arguments " + this.remaining);
			}
		}

	}

}
