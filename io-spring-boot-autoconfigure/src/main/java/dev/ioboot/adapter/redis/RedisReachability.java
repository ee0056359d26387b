package dev.ioboot.adapter.redis;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;

/**
 * Whether an adapter reaches Redis, logging each change once, on the adapter's logger: an
 * outage when the first command fails, the recovery when the first command succeeds again.
 */
final class RedisReachability {

	private final Log logger;

	private final String lostMeanwhile;

	private final AtomicBoolean unreachable = new AtomicBoolean();

	/**
	 * Create one for an adapter.
	 * @param logger the adapter's logger
	 * @param lostMeanwhile what becomes of the other nodes' messages during an outage
	 */
	RedisReachability(Log logger, String lostMeanwhile) {
		this.logger = logger;
		this.lostMeanwhile = lostMeanwhile;
	}

	void failed(Throwable ex) {
		if (this.unreachable.compareAndSet(false, true)) {
			this.logger.warn("Redis is unreachable (" + ex.getMessage() + "): each node keeps serving its own "
					+ "clients; " + this.lostMeanwhile);
		}
	}

	void succeeded() {
		if (this.unreachable.compareAndSet(true, false)) {
			this.logger.info("Redis answers again: cross-node delivery resumed");
		}
	}

	boolean isUnreachable() {
		return this.unreachable.get();
	}

}
