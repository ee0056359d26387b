package dev.ioboot.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.ioboot.benchmarks.driver.LoadDriver;
import dev.ioboot.benchmarks.driver.WireProtocol;

/**
 * The benchmark: every workload against every server, {@code --runs} times, then
 * {@code report.md} and {@code report.json}; the {@code soak} workload, when asked for, runs
 * once per Socket.IO server and also writes {@code soak.md} and {@code soak.json}. Run it
 * through {@code benchmarks/run}, which builds what it needs and pins the driver and the
 * servers to different CPUs.
 */
public final class BenchmarkCommand {

	private BenchmarkCommand() {
	}

	public static void main(String[] args) throws Exception {
		Settings settings = Settings.parse(args);
		SoakReport soaks = new SoakReport(settings);
		List<Result> results = run(settings, soaks);
		Report report = new Report(settings, Environment.describe(settings), results);
		report.write(settings.outputDir());
		System.out.println("Report: " + settings.outputDir().resolve("report.md"));
		if (!soaks.isEmpty()) {
			System.out.println("Soak report: " + settings.outputDir().resolve("soak.md"));
		}
		report.problems().forEach((p) -> System.out.println("Problem: " + p));
		System.exit(report.problems().isEmpty() ? 0 : 1);
	}

	static List<Result> run(Settings settings, SoakReport soaks) throws IOException {
		Profiler profiler = settings.profile() ? Profiler.fromClassPath(settings.outputDir()) : null;
		List<Result> results = new ArrayList<>();
		for (int run = 1; run <= settings.runs(); run++) {
			for (ServerKind server : settings.servers()) {
				for (String name : settings.workloads()) {
					if (Settings.SOAK.equals(name) && (run > 1 || server.protocol() != WireProtocol.SOCKET_IO)) {
						// the soak runs once per server, on the Socket.IO servers (their rooms carry the chat)
						if (run == 1) {
							log("soak: skipped on " + server.label() + " (no Socket.IO rooms)");
						}
						continue;
					}
					Workload workload = Settings.SOAK.equals(name) ? new Soak(soaks) : Workload.named(name);
					if (!workload.runsOn(server)) {
						if (run == 1) {
							log(name + ": skipped on " + server.label());
						}
						continue;
					}
					log("run " + run + "/" + settings.runs() + ": " + server.label() + " " + name);
					try (ServerProcess process = ServerProcess.start(server, settings, name + "-run" + run, profiler,
							workload.serverArguments(settings, server));
							LoadDriver driver = new LoadDriver("127.0.0.1", process.port(), server.protocol())) {
						List<Result> these = workload.run(process, driver, settings, run);
						String driverProblems = driver.onLoop(() -> driverProblems(driver));
						for (Result result : these) {
							log("  " + result.variant() + " " + result.metrics());
							results.add(driverProblems.isEmpty() ? result
									: new Result(result.workload(), result.variant(), result.server(), result.run(),
											result.metrics(), join(result.problems(), driverProblems)));
						}
					}
					catch (Exception ex) {
						log("  failed: " + ex);
						results.add(Result.failed(name, server, run, String.valueOf(ex)));
					}
				}
			}
		}
		return results;
	}

	static String driverProblems(LoadDriver driver) {
		var stats = driver.stats();
		return (stats.unexpected() + stats.serverCloses() + stats.errors() + stats.connectFailures() > 0)
				? "driver saw " + stats : "";
	}

	private static String join(String a, String b) {
		return a.isEmpty() ? b : a + "; " + b;
	}

	private static void log(String line) {
		System.out.println(line);
	}

}
