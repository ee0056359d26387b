package dev.ioboot.benchmarks;

/**
 * The discarded load before a measurement: the whole warm-up on a fresh server process, a third
 * of it before each later variant on the same, already compiled, process.
 */
final class WarmUp {

	private boolean warm;

	void hold(Settings settings) throws InterruptedException {
		Payloads.hold(this.warm ? settings.warmup().dividedBy(3) : settings.warmup());
		this.warm = true;
	}

}
