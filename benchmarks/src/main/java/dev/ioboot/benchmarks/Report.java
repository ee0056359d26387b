package dev.ioboot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes {@code report.md} and {@code report.json}: the environment, every workload with the
 * servers side by side and the ratios of io-spring-boot (in each of its configurations) to the
 * others, and the targets.
 */
final class Report {

	private final Settings settings;

	private final Map<String, String> environment;

	private final List<Result> results;

	private final Summary summary;

	private final List<Targets.Check> checks;

	Report(Settings settings, Map<String, String> environment, List<Result> results) {
		this.settings = settings;
		this.environment = environment;
		this.results = results;
		this.summary = new Summary(results);
		this.checks = Targets.check(this.summary, settings);
	}

	List<Targets.Check> checks() {
		return this.checks;
	}

	void write(Path directory) throws IOException {
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("report.md"), markdown());
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
			.writeValue(directory.resolve("report.json").toFile(), json());
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		header(md, "io-spring-boot benchmark", this.settings.smoke(), this.environment);
		List<ServerKind> servers = this.settings.servers();
		List<ServerKind[]> ratios = ratios(servers);
		this.summary.figures().forEach((workload, variants) -> variants.forEach((variant, metrics) -> {
			md.append("\n## ").append(workload).append(": ").append(variant).append("\n\n| |");
			servers.forEach((s) -> md.append(' ').append(s.label()).append(" |"));
			ratios.forEach((r) -> md.append(" ").append(r[0].label()).append(" / ").append(r[1].label()).append(" |"));
			md.append("\n|---|");
			servers.forEach((s) -> md.append("---:|"));
			ratios.forEach((r) -> md.append("---:|"));
			md.append('\n');
			metrics.forEach((metric, byServer) -> {
				md.append("| ").append(metric).append(" |");
				servers.forEach((s) -> md.append(' ').append(cell(byServer.getOrDefault(s, List.of()))).append(" |"));
				ratios.forEach((r) -> md.append(' ')
					.append(ratio(Summary.median(byServer.getOrDefault(r[0], List.of())),
							Summary.median(byServer.getOrDefault(r[1], List.of()))))
					.append(" |"));
				md.append('\n');
			});
		}));
		md.append("\n## Targets\n\n| target | where | measured | met |\n|---|---|---:|---|\n");
		for (Targets.Check check : this.checks) {
			md.append("| ").append(check.target()).append(" | ").append(check.variant()).append(" | ")
				.append(number(check.value())).append(" | ").append(check.met() ? "yes" : "**no**").append(" |\n");
		}
		problems(md, problems());
		return md.toString();
	}

	/**
	 * The ratio columns: each configuration of the starter against every other server, and
	 * the non-blocking configuration against the default one.
	 */
	private static List<ServerKind[]> ratios(List<ServerKind> servers) {
		List<ServerKind[]> ratios = new ArrayList<>();
		for (ServerKind ours : servers) {
			if (ours.starter()) {
				servers.stream().filter((other) -> !other.starter())
					.forEach((other) -> ratios.add(new ServerKind[] { ours, other }));
			}
		}
		if (servers.contains(ServerKind.IO_SPRING_BOOT) && servers.contains(ServerKind.IO_SPRING_BOOT_NON_BLOCKING)) {
			ratios.add(new ServerKind[] { ServerKind.IO_SPRING_BOOT_NON_BLOCKING, ServerKind.IO_SPRING_BOOT });
		}
		return ratios;
	}

	/**
	 * Append a report's title and its table of the machine, versions and settings.
	 * @param md the report
	 * @param title the title
	 * @param smoke whether the run was a smoke run
	 * @param environment the table's rows
	 */
	static void header(StringBuilder md, String title, boolean smoke, Map<String, ?> environment) {
		md.append("# ").append(title).append(smoke ? " (smoke mode: not a measurement)" : "").append("\n\n");
		md.append("| | |\n|---|---|\n");
		environment.forEach((key, value) -> md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
	}

	/**
	 * Append the section listing a report's problems, if there are any.
	 * @param md the report
	 * @param problems the problems
	 */
	static void problems(StringBuilder md, List<String> problems) {
		if (!problems.isEmpty()) {
			md.append("\n## Problems\n\n");
			problems.forEach((p) -> md.append("- ").append(p).append('\n'));
		}
	}

	List<String> problems() {
		List<String> problems = new ArrayList<>();
		for (Result result : this.results) {
			if (!result.problems().isEmpty()) {
				problems.add(result.server().label() + ", " + result.workload() + " " + result.variant() + ", run "
						+ result.run() + ": " + result.problems());
			}
		}
		return problems;
	}

	private Map<String, Object> json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("environment", this.environment);
		Map<String, Object> workloads = new LinkedHashMap<>();
		this.summary.figures().forEach((workload, variants) -> {
			Map<String, Object> byVariant = new LinkedHashMap<>();
			variants.forEach((variant, metrics) -> {
				Map<String, Object> byMetric = new LinkedHashMap<>();
				metrics.forEach((metric, byServer) -> {
					Map<String, Object> cells = new LinkedHashMap<>();
					byServer.forEach((server, values) -> cells.put(server.label(),
							Map.of("median", Summary.median(values), "min", Summary.min(values), "max",
									Summary.max(values), "runs", values)));
					byMetric.put(metric, cells);
				});
				byVariant.put(variant, byMetric);
			});
			workloads.put(workload, byVariant);
		});
		json.put("workloads", workloads);
		json.put("targets", this.checks);
		json.put("problems", problems());
		return json;
	}

	private String cell(List<Double> values) {
		if (values.isEmpty()) {
			return "-";
		}
		String median = number(Summary.median(values));
		return (values.size() > 1) ? median + " (" + number(Summary.min(values)) + "-" + number(Summary.max(values)) + ")"
				: median;
	}

	private static String ratio(double ours, double theirs) {
		if (Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0) {
			return "-";
		}
		return String.format(Locale.ROOT, "%.2f", ours / theirs);
	}

	static String number(double value) {
		if (Double.isNaN(value)) {
			return "-";
		}
		double abs = Math.abs(value);
		if (abs >= 100 || value == Math.rint(value)) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, (abs >= 10) ? "%.1f" : (abs >= 1) ? "%.2f" : "%.3f", value);
	}

}
