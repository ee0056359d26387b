package dev.ioboot.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.util.Version;
import org.springframework.boot.SpringBootVersion;

/**
 * The machine, the versions and the settings a report was made with.
 */
final class Environment {

	private Environment() {
	}

	static Map<String, String> describe(Settings settings) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("machine", firstMatch("/proc/cpuinfo", "model name\\s*:\\s*(.+)") + ", "
				+ Runtime.getRuntime().availableProcessors() + " CPU(s) visible to the driver, "
				+ count("/proc/cpuinfo", "^processor") + " online, "
				+ Math.round(Double.parseDouble(firstMatch("/proc/meminfo", "MemTotal:\\s*(\\d+)")) / 1024 / 1024) + " GiB");
		env.put("kernel", read("/proc/sys/kernel/osrelease").trim());
		env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		env.put("node", command("node", "--version"));
		env.put("socket.io (node)", packageVersion(settings.nodeDir().resolve("node_modules/socket.io/package.json")));
		env.put("spring boot", SpringBootVersion.getVersion());
		env.put("netty-socketio", jarVersion("netty-socketio"));
		env.put("netty", Version.identify().getOrDefault("netty-transport", null) != null
				? Version.identify().get("netty-transport").artifactVersion() : "?");
		env.put("pinning", (settings.serverCpus() != null)
				? "server on CPU " + settings.serverCpus() + " (taskset), driver on the other CPU(s)" : "none");
		env.put("server JVM options", String.join(" ", settings.serverJvmOptions()));
		env.put("server settings", "ping interval 25 s, ping timeout 20 s, max payload 1,000,000 B, "
				+ "no compression, load over websocket only; handlers echo / join / fanout / chat / gc");
		env.put("driver", "one JVM, one Netty event loop, Engine.IO v4 / Socket.IO v5 over WebSocket, loopback");
		env.put("runs", settings.runs() + " (each server restarted per workload; median reported, min-max in brackets)");
		env.put("warm-up / window", settings.warmup().toMillis() + " ms discarded / " + settings.measure().toMillis() + " ms measured");
		return env;
	}

	private static String read(String path) {
		try {
			return Files.readString(Path.of(path));
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String firstMatch(String path, String regex) {
		Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(read(path));
		return matcher.find() ? matcher.group(1).trim() : "?";
	}

	private static long count(String path, String regex) {
		return Pattern.compile(regex, Pattern.MULTILINE).matcher(read(path)).results().count();
	}

	private static String packageVersion(Path packageJson) {
		Matcher matcher = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(read(packageJson.toString()));
		return matcher.find() ? matcher.group(1) : "not installed";
	}

	private static String jarVersion(String artifact) {
		Matcher matcher = Pattern.compile(Pattern.quote(artifact) + "-([0-9][^/:]*)\\.jar")
			.matcher(System.getProperty("java.class.path"));
		return matcher.find() ? matcher.group(1) : "?";
	}

	private static String command(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor(10, TimeUnit.SECONDS);
			return out;
		}
		catch (IOException ex) {
			return "not found";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "?";
		}
	}

}
