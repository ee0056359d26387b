package dev.ioboot.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * async-profiler (from Maven Central), attached to a JVM server for the measurement window only,
 * through {@code jcmd <pid> JVMTI.agent_load}: CPU samples of every thread (kernel included)
 * every millisecond, written as an HTML flame graph and as collapsed stacks.
 */
final class Profiler {

	private final Path library;

	private final Path directory;

	private Profiler(Path library, Path directory) {
		this.library = library;
		this.directory = directory;
	}

	/**
	 * Extract the native library of this platform from the async-profiler jar on the class path.
	 * @param outputDir where the flame graphs go ({@code profiles/} in it)
	 * @return the profiler
	 * @throws IOException if the library cannot be extracted
	 */
	static Profiler fromClassPath(Path outputDir) throws IOException {
		Matcher jar = Pattern.compile("[^:]*async-profiler-[^:/]*\\.jar").matcher(System.getProperty("java.class.path"));
		if (!jar.find()) {
			throw new IllegalStateException("async-profiler is not on the class path");
		}
		String platform = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
		Path directory = Files.createDirectories(outputDir.resolve("profiles"));
		Path library = directory.resolve("libasyncProfiler.so");
		try (JarFile file = new JarFile(jar.group());
				InputStream in = file.getInputStream(file.getEntry(platform + "/libasyncProfiler.so"))) {
			Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
		}
		return new Profiler(library, directory);
	}

	void start(ServerProcess server) {
		agent(server, "start,event=itimer,interval=1ms");
	}

	/**
	 * Stop profiling and write {@code <name>.html} and {@code <name>.collapsed}.
	 * @param server the profiled server
	 * @param name the file name, without extension
	 */
	void stop(ServerProcess server, String name) {
		agent(server, "dump,collapsed,file=" + this.directory.resolve(name + ".collapsed"));
		agent(server, "stop,flamegraph,file=" + this.directory.resolve(name + ".html"));
	}

	private void agent(ServerProcess server, String options) {
		// quoted: jcmd would read "name=value" in the options as an argument of its own
		List<String> command = List.of("jcmd", Long.toString(server.pid()), "JVMTI.agent_load",
				this.library.toString(), "\"" + options + "\"");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || !out.contains("return code: 0")) {
				throw new IllegalStateException("async-profiler " + options + " failed: " + out.trim());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("jcmd failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
