package dev.ioboot.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one workload variant on one server in one run.
 *
 * @param workload the workload, for example {@code ack-roundtrip}
 * @param variant its parameters, for example {@code C=100, 64 B}
 * @param server the server
 * @param run the run number, from 1
 * @param metrics the figures by name (with unit), in report order
 * @param problems what went wrong, or an empty string
 */
record Result(String workload, String variant, ServerKind server, int run, Map<String, Double> metrics,
		String problems) {

	static Result failed(String workload, ServerKind server, int run, String problem) {
		return new Result(workload, "(all)", server, run, new LinkedHashMap<>(), problem);
	}

}
