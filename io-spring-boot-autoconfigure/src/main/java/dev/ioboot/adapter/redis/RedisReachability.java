package dev.ioboot.adapter.redis;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Whether an adapter reaches Redis, logging each change once: an outage when the first
 * command fails, the recovery when the first command succeeds again.
 */
final class RedisReachability {

	private static final Log logger = LogFactory.getLog(RedisReachability.class);

	private final String adapter;

	private final AtomicBoolean unreachable = new AtomicBoolean();

	RedisReachability(String adapter) {
		this.adapter = adapter;
	}

	void failed(Throwable ex) {
		if (this.unreachable.compareAndSet(false, true)) {
			logger.warn(this.adapter + ": Redis is unreachable (" + ex.getMessage() + "); each node keeps serving "
					+ "its own clients, and what other nodes send meanwhile is read when Redis answers again");
		}
	}

	void succeeded() {
		if (this.unreachable.compareAndSet(true, false)) {
			logger.info(this.adapter + ": Redis answers again: cross-node delivery resumed");
		}
	}

	boolean isUnreachable() {
		return this.unreachable.get();
	}

}
