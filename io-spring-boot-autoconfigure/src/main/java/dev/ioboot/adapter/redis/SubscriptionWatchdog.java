package dev.ioboot.adapter.redis;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Finds out that a subscription went silent, and has it renewed. On a Redis Cluster, the
 * classic adapter's subscriptions live on one node's connection; when that node dies, the
 * driver keeps reconnecting to it and the listener container never learns that nothing will
 * come any more. So the adapter sends itself a probe at a fixed interval on a channel only it
 * listens to; when no probe came back for a while, the subscriptions are made again, on a
 * node that answers.
 */
final class SubscriptionWatchdog {

	private static final Log logger = LogFactory.getLog(SubscriptionWatchdog.class);

	private final Runnable probe;

	private final Runnable renew;

	private final Duration interval;

	private final Duration silence;

	private final ScheduledExecutorService executor;

	private volatile long lastSeen = System.nanoTime();

	SubscriptionWatchdog(Runnable probe, Runnable renew, Duration interval, Duration silence) {
		this.probe = probe;
		this.renew = renew;
		this.interval = interval;
		this.silence = silence;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("io-redis-watchdog-");
		threads.setDaemon(true);
		this.executor = new ScheduledThreadPoolExecutor(1, threads);
	}

	void start() {
		this.lastSeen = System.nanoTime();
		this.executor.scheduleWithFixedDelay(this::check, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * A probe came back.
	 */
	void seen() {
		this.lastSeen = System.nanoTime();
	}

	private void check() {
		try {
			if (System.nanoTime() - this.lastSeen > this.silence.toNanos()) {
				logger.warn("No message came back on the Redis subscriptions for " + this.silence.toSeconds()
						+ " s: subscribing again");
				this.lastSeen = System.nanoTime();
				this.renew.run();
			}
			this.probe.run();
		}
		catch (RuntimeException ex) {
			logger.debug("Subscription check failed: " + ex.getMessage());
		}
	}

	void stop() {
		this.executor.shutdownNow();
	}

}
