package dev.ioboot.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.ioboot.benchmarks.driver.WireProtocol;

/**
 * The servers the benchmark compares, each with the same handlers and settings.
 */
enum ServerKind {

	/** The starter: a Spring Boot application with {@code @IoEvent} handlers. */
	IO_SPRING_BOOT("io-spring-boot", WireProtocol.SOCKET_IO, ServerKind.STARTER_APPLICATION),

	/**
	 * The same application with its handlers declared {@code @IoEvent(nonBlocking = true)} (but
	 * {@code gc}, which blocks): they run on the network threads.
	 */
	IO_SPRING_BOOT_NON_BLOCKING("io-spring-boot-nonblocking", WireProtocol.SOCKET_IO,
			ServerKind.STARTER_APPLICATION, "--spring.profiles.active=non-blocking"),

	/**
	 * {@code io-spring-boot} on Java NIO ({@code io.socket.server-options.native-transport=false})
	 * rather than Netty's native epoll transport, which the starter uses where it can run; only
	 * when named in {@code --servers}.
	 */
	IO_SPRING_BOOT_NIO("io-spring-boot-nio", WireProtocol.SOCKET_IO, ServerKind.STARTER_APPLICATION,
			"--io.socket.server-options.native-transport=false"),

	/** {@code io-spring-boot-nonblocking} on Java NIO; only when named in {@code --servers}. */
	IO_SPRING_BOOT_NON_BLOCKING_NIO("io-spring-boot-nonblocking-nio", WireProtocol.SOCKET_IO,
			ServerKind.STARTER_APPLICATION, "--spring.profiles.active=non-blocking",
			"--io.socket.server-options.native-transport=false"),

	/** netty-socketio 2.0.14 alone, with the same handlers as listeners: the starter's overhead. */
	NETTY_SOCKETIO("netty-socketio", WireProtocol.SOCKET_IO, "dev.ioboot.benchmarks.server.NettySocketIoServer"),

	/** The Node.js {@code socket.io} 4.8 server: the reference. */
	NODE("node", WireProtocol.SOCKET_IO, null),

	/** Plain Netty WebSocket, no Socket.IO framing: the ceiling. */
	NETTY_RAW("netty-raw", WireProtocol.RAW, "dev.ioboot.benchmarks.server.RawNettyServer");

	/** The main class of the starter's benchmark server, in each of its configurations. */
	private static final String STARTER_APPLICATION = "dev.ioboot.benchmarks.server.starter.StarterBenchApplication";

	private final String label;

	private final WireProtocol protocol;

	private final String mainClass;

	private final List<String> arguments;

	ServerKind(String label, WireProtocol protocol, String mainClass, String... arguments) {
		this.label = label;
		this.protocol = protocol;
		this.mainClass = mainClass;
		this.arguments = List.of(arguments);
	}

	String label() {
		return this.label;
	}

	WireProtocol protocol() {
		return this.protocol;
	}

	boolean jvm() {
		return this.mainClass != null;
	}

	/**
	 * Whether this is the starter, in one of its configurations.
	 * @return {@code true} for io-spring-boot
	 */
	boolean starter() {
		return STARTER_APPLICATION.equals(this.mainClass);
	}

	static ServerKind ofLabel(String label) {
		for (ServerKind kind : values()) {
			if (kind.label.equals(label)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("Unknown server '" + label + "'; known: "
				+ Arrays.stream(values()).map(ServerKind::label).collect(Collectors.joining(", ")));
	}

	List<String> command(Settings settings, int port, List<String> arguments) {
		List<String> command = new ArrayList<>();
		if (settings.serverCpus() != null) {
			command.addAll(List.of("taskset", "-c", settings.serverCpus()));
		}
		if (jvm()) {
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(settings.serverJvmOptions());
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), this.mainClass));
		}
		else {
			command.addAll(List.of("node", "--expose-gc", settings.nodeDir().resolve("server.mjs").toString()));
		}
		command.add("--port=" + port);
		command.addAll(this.arguments);
		command.addAll(arguments);
		return command;
	}

}
