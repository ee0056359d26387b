package dev.ioboot.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark server process: started with a free port, ready once it prints
 * {@code READY <port>}, its output kept in a log file, stopped with SIGTERM.
 */
final class ServerProcess implements AutoCloseable {

	private static final long READY_TIMEOUT_SECONDS = 120;

	private final ServerKind kind;

	private final Process process;

	private final int port;

	private final Path log;

	private final Profiler profiler;

	private final String tag;

	private ServerProcess(ServerKind kind, Process process, int port, Path log, Profiler profiler, String tag) {
		this.kind = kind;
		this.process = process;
		this.port = port;
		this.log = log;
		this.profiler = profiler;
		this.tag = tag;
	}

	/**
	 * Start a server and wait until it is ready.
	 * @param kind the server
	 * @param settings the benchmark's settings
	 * @param tag what the log file is named after
	 * @param profiler the profiler for JVM servers, or {@code null} not to profile
	 * @return the ready server
	 * @throws IOException if the process cannot be started
	 */
	static ServerProcess start(ServerKind kind, Settings settings, String tag, Profiler profiler) throws IOException {
		return start(kind, settings, tag, profiler, List.of());
	}

	/**
	 * Start a server with more arguments and wait until it is ready.
	 * @param kind the server
	 * @param settings the benchmark's settings
	 * @param tag what the log file is named after
	 * @param profiler the profiler for JVM servers, or {@code null} not to profile
	 * @param arguments the server's arguments after {@code --port=N}
	 * @return the ready server
	 * @throws IOException if the process cannot be started
	 */
	static ServerProcess start(ServerKind kind, Settings settings, String tag, Profiler profiler, List<String> arguments)
			throws IOException {
		int port = freePort();
		Path logs = Files.createDirectories(settings.outputDir().resolve("bench-logs"));
		Path log = logs.resolve(kind.label() + "-" + tag + ".log");
		Process process = new ProcessBuilder(kind.command(settings, port, arguments)).redirectErrorStream(true).start();
		ServerProcess server = new ServerProcess(kind, process, port, log, kind.jvm() ? profiler : null, tag);
		server.awaitReady();
		return server;
	}

	ServerKind kind() {
		return this.kind;
	}

	int port() {
		return this.port;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Start profiling, when the benchmark profiles this server.
	 */
	void profileStart() {
		if (this.profiler != null) {
			this.profiler.start(this);
		}
	}

	/**
	 * Stop profiling and write the flame graph of the variant just measured.
	 * @param variant the variant
	 */
	void profileStop(String variant) {
		if (this.profiler != null) {
			this.profiler.stop(this, this.kind.label() + "-" + this.tag + "-" + variant.replaceAll("[^A-Za-z0-9=]+", "_"));
		}
	}

	double cpuSeconds() {
		return ProcessStats.cpuSeconds(pid());
	}

	/**
	 * Read the clocks a measurement window starts or ends with.
	 * @return {@link System#nanoTime()}, this server's CPU seconds and the driver's own
	 */
	double[] clocks() {
		return new double[] { System.nanoTime(), cpuSeconds(), ProcessStats.ownCpuSeconds() };
	}

	long rssKib() {
		return ProcessStats.rssKib(pid());
	}

	private void awaitReady() throws IOException {
		CompletableFuture<Void> ready = new CompletableFuture<>();
		PrintWriter out = new PrintWriter(Files.newBufferedWriter(this.log, StandardCharsets.UTF_8), true);
		Thread pump = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					out.println(line);
					if (line.startsWith("READY ")) {
						ready.complete(null);
					}
				}
			}
			catch (IOException ex) {
				// the process is gone
			}
			finally {
				out.close();
				ready.completeExceptionally(new IllegalStateException(this.kind.label() + " exited before it was ready"));
			}
		}, "bench-" + this.kind.label() + "-output");
		pump.setDaemon(true);
		pump.start();
		try {
			ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			close();
			throw new IllegalStateException(this.kind.label() + " did not start (log: " + this.log + "): " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
