package dev.ioboot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from {@code /proc/<pid>}.
 */
final class ProcessStats {

	/** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
	private static final double TICKS_PER_SECOND = 100.0;

	private ProcessStats() {
	}

	/**
	 * User plus system CPU seconds used so far.
	 * @param pid the process
	 * @return CPU seconds
	 */
	static double cpuSeconds(long pid) {
		String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
		// the command name may contain spaces: fields are counted after its closing parenthesis
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long utime = Long.parseLong(fields[11]);
		long stime = Long.parseLong(fields[12]);
		return (utime + stime) / TICKS_PER_SECOND;
	}

	/**
	 * User plus system CPU seconds this process (the driver) used so far.
	 * @return CPU seconds
	 */
	static double ownCpuSeconds() {
		return cpuSeconds(ProcessHandle.current().pid());
	}

	/**
	 * Resident set size.
	 * @param pid the process
	 * @return RSS in KiB
	 */
	static long rssKib(long pid) {
		for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new IllegalStateException("No VmRSS for process " + pid);
	}

	/**
	 * Number of threads.
	 * @param pid the process
	 * @return the thread count
	 */
	static int threads(long pid) {
		for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
			if (line.startsWith("Threads:")) {
				return Integer.parseInt(line.replaceAll("[^0-9]", ""));
			}
		}
		return -1;
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + path + ": " + ex.getMessage(), ex);
		}
	}

}
