package dev.ioboot.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of all runs, grouped by workload, variant, metric and server, with the median
 * and spread of each figure.
 */
final class Summary {

	private final Map<String, Map<String, Map<String, Map<ServerKind, List<Double>>>>> figures = new LinkedHashMap<>();

	Summary(List<Result> results) {
		for (Result result : results) {
			result.metrics()
				.forEach((metric, value) -> this.figures.computeIfAbsent(result.workload(), (k) -> new LinkedHashMap<>())
					.computeIfAbsent(result.variant(), (k) -> new LinkedHashMap<>())
					.computeIfAbsent(metric, (k) -> new LinkedHashMap<>())
					.computeIfAbsent(result.server(), (k) -> new ArrayList<>())
					.add(value));
		}
	}

	Map<String, Map<String, Map<String, Map<ServerKind, List<Double>>>>> figures() {
		return this.figures;
	}

	/**
	 * The median of a figure over the runs, or NaN when there is none.
	 */
	double median(String workload, String variant, String metric, ServerKind server) {
		return median(values(workload, variant, metric, server));
	}

	List<Double> values(String workload, String variant, String metric, ServerKind server) {
		return this.figures.getOrDefault(workload, Map.of())
			.getOrDefault(variant, Map.of())
			.getOrDefault(metric, Map.of())
			.getOrDefault(server, List.of());
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().filter((v) -> !v.isNaN()).sorted().toList();
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	static double min(List<Double> values) {
		return values.stream().filter((v) -> !v.isNaN()).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	static double max(List<Double> values) {
		return values.stream().filter((v) -> !v.isNaN()).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

}
