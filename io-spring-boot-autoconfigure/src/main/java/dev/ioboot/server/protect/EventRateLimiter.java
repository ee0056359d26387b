package dev.ioboot.server.protect;

/**
 * A token bucket for the events of one socket: {@code rate} events per second on average,
 * as many in a burst. Not thread-safe: a connection reads its packets one at a time.
 */
public final class EventRateLimiter {

	private static final long SECOND = 1_000_000_000L;

	private final int rate;

	private double tokens;

	private long refilled;

	private boolean exceeding;

	/**
	 * Create a limiter.
	 * @param rate the events allowed per second, also the burst
	 */
	public EventRateLimiter(int rate) {
		this.rate = rate;
		this.tokens = rate;
		this.refilled = System.nanoTime();
	}

	/**
	 * Take one event from the bucket.
	 * @return whether the event may be handled
	 */
	public boolean tryAcquire() {
		long now = System.nanoTime();
		this.tokens = Math.min(this.rate, this.tokens + (now - this.refilled) * (double) this.rate / SECOND);
		this.refilled = now;
		if (this.tokens >= 1) {
			this.tokens--;
			this.exceeding = false;
			return true;
		}
		return false;
	}

	/**
	 * Return whether the socket has just started to exceed the rate: {@code true} once for
	 * each run of refused events.
	 * @return whether to tell the client
	 */
	public boolean startedExceeding() {
		if (this.exceeding) {
			return false;
		}
		this.exceeding = true;
		return true;
	}

}
