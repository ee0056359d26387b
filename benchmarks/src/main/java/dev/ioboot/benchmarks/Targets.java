package dev.ioboot.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The performance targets, checked against the medians of one benchmark run.
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
		ServerKind isb = ServerKind.IO_SPRING_BOOT;
		for (String variant : variants(summary, "ack-roundtrip")) {
			ratio(checks, summary, "ack-roundtrip", variant, "CPU s / 100k acks", ServerKind.NODE,
					"server CPU per ack <= 0.7x node", 0.7);
			ratio(checks, summary, "ack-roundtrip", variant, "CPU s / 100k acks", ServerKind.NETTY_SOCKETIO,
					"starter overhead over bare netty-socketio <= 5% (CPU per ack)", 1.05);
		}
		for (String variant : variants(summary, "fanout")) {
			ratio(checks, summary, "fanout", variant, "CPU s / 100k deliveries", ServerKind.NODE,
					"server CPU per delivery <= 0.5x node", 0.5);
			ratio(checks, summary, "fanout", variant, "p99 ms", ServerKind.NODE,
					"p99 latency <= node at the same offered load", 1.0);
			ratio(checks, summary, "fanout", variant, "CPU s / 100k deliveries", ServerKind.NETTY_SOCKETIO,
					"starter overhead over bare netty-socketio <= 5% (CPU per delivery)", 1.05);
		}
		for (String variant : variants(summary, "connect-storm")) {
			ratio(checks, summary, "connect-storm", variant, "p99 ms", ServerKind.NODE,
					"p99 connect latency <= node at the same offered load", 1.0);
		}
		for (String variant : variants(summary, "idle-memory")) {
			ratio(checks, summary, "idle-memory", variant, "KiB per connection", ServerKind.NODE,
					"RSS per idle connection <= node", 1.0);
			int top = settings.idleLevels().get(settings.idleLevels().size() - 1);
			double connected = Summary.min(summary.values("idle-memory", variant, "connected at the end", isb));
			double failures = Summary.max(summary.values("idle-memory", variant, "failures", isb));
			if (!Double.isNaN(connected)) {
				checks.add(new Check(top + " concurrent connections, zero failures", variant, connected,
						connected == top && failures == 0));
			}
		}
		return checks;
	}

	private static List<String> variants(Summary summary, String workload) {
		return new ArrayList<>(summary.figures().getOrDefault(workload, Map.of()).keySet());
	}

	private static void ratio(List<Check> checks, Summary summary, String workload, String variant, String metric,
			ServerKind other, String target, double limit) {
		double ours = summary.median(workload, variant, metric, ServerKind.IO_SPRING_BOOT);
		double theirs = summary.median(workload, variant, metric, other);
		if (Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0) {
			return;
		}
		double ratio = ours / theirs;
		checks.add(new Check(target, workload + " " + variant, ratio, ratio <= limit));
	}

}
