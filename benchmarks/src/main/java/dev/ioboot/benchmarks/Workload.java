package dev.ioboot.benchmarks;

import java.util.List;

import dev.ioboot.benchmarks.driver.LoadDriver;

/**
 * One kind of load. A workload runs all its variants against one freshly started server.
 */
interface Workload {

	String name();

	List<Result> run(ServerProcess server, LoadDriver driver, Settings settings, int run) throws Exception;

	static Workload named(String name) {
		return switch (name) {
			case "ack-roundtrip" -> new AckRoundtrip();
			case "fanout" -> new Fanout();
			case "connect-storm" -> new ConnectStorm();
			case "idle-memory" -> new IdleMemory();
			default -> throw new IllegalArgumentException(name);
		};
	}

}
