package dev.ioboot.benchmarks.driver;

/**
 * What went wrong on the driver's connections, counted on its event loop.
 */
public final class DriverStats {

	int connectFailures;

	int disconnects;

	int serverCloses;

	int errors;

	int unexpected;

	String firstUnexpected;

	public int connectFailures() {
		return this.connectFailures;
	}

	public int disconnects() {
		return this.disconnects;
	}

	public int serverCloses() {
		return this.serverCloses;
	}

	public int errors() {
		return this.errors;
	}

	public int unexpected() {
		return this.unexpected;
	}

	public String firstUnexpected() {
		return this.firstUnexpected;
	}

	@Override
	public String toString() {
		return "connect failures " + this.connectFailures + ", disconnects " + this.disconnects + ", server closes "
				+ this.serverCloses + ", errors " + this.errors + ", unexpected frames " + this.unexpected
				+ ((this.firstUnexpected != null) ? " (first: " + this.firstUnexpected + ")" : "");
	}

}
