package dev.ioboot.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The performance targets, checked against the medians of one benchmark run, for each
 * configuration of the starter in it.
 */
final class Targets {

	private Targets() {
	}

	/**
	 * One target on one variant.
	 *
	 * @param target what is asked
	 * @param variant where it was checked
	 * @param value the measured ratio or figure
	 * @param met whether it is met
	 */
	record Check(String target, String variant, double value, boolean met) {

	}

	static List<Check> check(Summary summary, Settings settings) {
		List<Check> checks = new ArrayList<>();
		for (ServerKind ours : settings.servers()) {
			if (ours.starter()) {
				check(checks, summary, settings, ours);
			}
		}
		return checks;
	}

	private static void check(List<Check> checks, Summary summary, Settings settings, ServerKind ours) {
		for (String variant : variants(summary, "ack-roundtrip")) {
			ratio(checks, summary, ours, "ack-roundtrip", variant, "CPU s / 100k acks", ServerKind.NODE,
					"server CPU per ack at saturation <= 0.6x node", 0.6);
			if (variant.startsWith("C=100,")) {
				ratio(checks, summary, ours, "ack-roundtrip", variant, "p99 ms", ServerKind.NODE,
						"p99 latency <= node", 1.0);
			}
			ratio(checks, summary, ours, "ack-roundtrip", variant, "CPU s / 100k acks", ServerKind.NETTY_SOCKETIO,
					"starter overhead over bare netty-socketio <= 5% (CPU per ack)", 1.05);
		}
		for (String variant : variants(summary, AckFixedRate.NAME)) {
			ratio(checks, summary, ours, AckFixedRate.NAME, variant, "CPU s / 100k acks", ServerKind.NODE,
					"server CPU per ack at an equal moderate load <= 0.7x node", 0.7);
			ratio(checks, summary, ours, AckFixedRate.NAME, variant, "p99 ms", ServerKind.NODE,
					"p99 latency at an equal moderate load <= node", 1.0);
		}
		for (String variant : variants(summary, "fanout")) {
			ratio(checks, summary, ours, "fanout", variant, "CPU s / 100k deliveries", ServerKind.NETTY_RAW,
					"server CPU per delivery <= 1.15x the raw Netty ceiling", 1.15);
			double lost = Summary.max(summary.values("fanout", variant, "lost", ours));
			if (!Double.isNaN(lost)) {
				checks.add(new Check(ours.label() + ": no delivery lost", "fanout " + variant, lost, lost == 0));
			}
		}
		for (String variant : variants(summary, "connect-storm")) {
			ratio(checks, summary, ours, "connect-storm", variant, "CPU s / 100k connects", ServerKind.NODE,
					"server CPU per connect <= node", 1.0);
			ratio(checks, summary, ours, "connect-storm", variant, "p50 ms", ServerKind.NODE,
					"p50 connect latency <= 1.5x node", 1.5);
		}
		for (String variant : variants(summary, "idle-memory")) {
			ratio(checks, summary, ours, "idle-memory", variant, "RSS MiB at 10000", ServerKind.NODE,
					"RSS at 10,000 idle connections <= node", 1.0);
			ratio(checks, summary, ours, "idle-memory", variant, "KiB per connection", ServerKind.NODE,
					"RSS per idle connection <= node", 1.0);
			int top = settings.idleLevels().get(settings.idleLevels().size() - 1);
			double connected = Summary.min(summary.values("idle-memory", variant, "connected at the end", ours));
			double failures = Summary.max(summary.values("idle-memory", variant, "failures", ours));
			if (!Double.isNaN(connected)) {
				checks.add(new Check(ours.label() + ": " + top + " concurrent connections, zero failures", variant,
						connected, connected == top && failures == 0));
			}
		}
	}

	private static List<String> variants(Summary summary, String workload) {
		return new ArrayList<>(summary.figures().getOrDefault(workload, Map.of()).keySet());
	}

	private static void ratio(List<Check> checks, Summary summary, ServerKind server, String workload, String variant,
			String metric, ServerKind other, String target, double limit) {
		double ours = summary.median(workload, variant, metric, server);
		double theirs = summary.median(workload, variant, metric, other);
		if (Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0) {
			return;
		}
		double ratio = ours / theirs;
		checks.add(new Check(server.label() + ": " + target, workload + " " + variant, ratio, ratio <= limit));
	}

}
