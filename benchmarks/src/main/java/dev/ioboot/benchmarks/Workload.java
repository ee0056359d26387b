package dev.ioboot.benchmarks;

import java.util.List;

import dev.ioboot.benchmarks.driver.LoadDriver;

/**
 * One kind of load. A workload runs all its variants against one freshly started server.
 */
interface Workload {

	String name();

	List<Result> run(ServerProcess server, LoadDriver driver, Settings settings, int run) throws Exception;

	/**
	 * Whether this workload runs on a server at all.
	 * @param server the server
	 * @return {@code true} unless the server lacks what the workload measures
	 */
	default boolean runsOn(ServerKind server) {
		return true;
	}

	/**
	 * The arguments the server is started with for this workload, after {@code --port=N}.
	 * @param settings the benchmark's settings
	 * @param server the server
	 * @return the arguments
	 */
	default List<String> serverArguments(Settings settings, ServerKind server) {
		return List.of();
	}

	static Workload named(String name) {
		return switch (name) {
			case "ack-roundtrip" -> new AckRoundtrip();
			case AckFixedRate.NAME -> new AckFixedRate();
			case "fanout" -> new Fanout();
			case "connect-storm" -> new ConnectStorm();
			case "idle-memory" -> new IdleMemory();
			case RecoveryMemory.NAME -> new RecoveryMemory();
			default -> throw new IllegalArgumentException(name);
		};
	}

}
