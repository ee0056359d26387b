package dev.ioboot.benchmarks;

import java.nio.charset.StandardCharsets;

import org.HdrHistogram.Histogram;

/**
 * Payloads, figures and waiting, shared by the workloads.
 */
final class Payloads {

	private Payloads() {
	}

	/**
	 * A JSON object of exactly {@code size} bytes: {@code {"msg":"aaa..."}}.
	 */
	static byte[] json(int size) {
		int fill = Math.max(0, size - "{\"msg\":\"\"}".length());
		return ("{\"msg\":\"" + "a".repeat(fill) + "\"}").getBytes(StandardCharsets.US_ASCII);
	}

	static byte[] string(String value) {
		return ("\"" + value + "\"").getBytes(StandardCharsets.US_ASCII);
	}

	static double millis(Histogram histogram, double percentile) {
		return (histogram.getTotalCount() == 0) ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
	}

	static double maxMillis(Histogram histogram) {
		return (histogram.getTotalCount() == 0) ? Double.NaN : histogram.getMaxValue() / 1e6;
	}

	static double mib(long kib) {
		return kib / 1024.0;
	}

	/**
	 * Sleeps for a phase of the benchmark (a warm-up or a measurement window): time is what is
	 * being measured here, there is nothing to wait for.
	 */
	static void hold(java.time.Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

}
