package dev.ioboot.benchmarks;

import java.time.Duration;

/**
 * What the {@code soak} workload does ({@code --soak-*} options).
 *
 * @param clients chat clients ({@code --soak-clients})
 * @param roomSize clients per room, at most 64 ({@code --soak-room-size}); client {@code i} is
 * in room {@code i % rooms}
 * @param duration how long the chat runs ({@code --soak-duration}, for example {@code 30m})
 * @param sample the length of one window of the per-window table ({@code --soak-sample})
 * @param warmup the first windows, shown but not the start of the start-versus-end comparison
 * ({@code --soak-warmup}); at most a third of the windows
 * @param messageInterval how often each client sends a chat message ({@code --soak-message-interval})
 * @param churnPercentPerMinute the share of the clients, in percent, that disconnect, reconnect
 * and join their room again each minute ({@code --soak-churn})
 */
record SoakSettings(int clients, int roomSize, Duration duration, Duration sample, Duration warmup,
		Duration messageInterval, double churnPercentPerMinute) {

	/** A room's members are the bits of a {@code long}. */
	static final int MAX_ROOM_SIZE = 64;

	void validate() {
		if (this.clients < 2 || this.roomSize < 2 || this.roomSize > MAX_ROOM_SIZE) {
			throw new IllegalArgumentException("--soak-clients must be at least 2 and --soak-room-size between 2 and "
					+ MAX_ROOM_SIZE);
		}
		if (this.duration.isZero() || this.sample.isZero() || this.messageInterval.isZero()
				|| this.churnPercentPerMinute < 0) {
			throw new IllegalArgumentException("--soak-duration, --soak-sample and --soak-message-interval must be "
					+ "positive, --soak-churn at least 0");
		}
	}

	int rooms() {
		return (this.clients + this.roomSize - 1) / this.roomSize;
	}

	/**
	 * The number of windows; the last is shorter when the duration is not a multiple of the sample.
	 */
	int windows() {
		return (int) ((this.duration.toNanos() + this.sample.toNanos() - 1) / this.sample.toNanos());
	}

	/**
	 * The number of warm-up windows: the warm-up rounded up to whole windows, at most a third of
	 * them (a 3-minute soak has one minute of warm-up and compares minute 2 with minute 3).
	 */
	int warmupWindows() {
		int asked = (int) ((this.warmup.toNanos() + this.sample.toNanos() - 1) / this.sample.toNanos());
		return Math.min(asked, windows() / 3);
	}

	/**
	 * Messages sent per second by all clients together.
	 */
	double messagesPerSecond() {
		return this.clients / (this.messageInterval.toNanos() / 1e9);
	}

	/**
	 * Reconnects per minute.
	 */
	double churnPerMinute() {
		return this.clients * this.churnPercentPerMinute / 100;
	}

	String describe() {
		return this.clients + " clients in " + rooms() + " rooms of " + this.roomSize + ", a message every "
				+ seconds(this.messageInterval) + " s per client (" + Report.number(messagesPerSecond())
				+ "/s), churn " + Report.number(this.churnPercentPerMinute) + " %/min ("
				+ Report.number(churnPerMinute()) + " reconnects/min), " + seconds(this.duration) + " s in windows of "
				+ seconds(this.sample) + " s, " + warmupWindows() + " warm-up window(s)";
	}

	private static String seconds(Duration duration) {
		return Report.number(duration.toMillis() / 1000.0);
	}

}
