package dev.ioboot.server.socket;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The threads handlers run on ({@code io-handler-N}), off the network threads: a new pool
 * each time the server starts, shut down when it stops. Tasks given while it is stopped
 * are rejected.
 */
final class HandlerPool implements Executor {

	private final int threads;

	private volatile ThreadPoolExecutor pool;

	HandlerPool(int threads) {
		this.threads = threads;
	}

	synchronized void start() {
		CustomizableThreadFactory factory = new CustomizableThreadFactory("io-handler-");
		ThreadPoolExecutor pool = new ThreadPoolExecutor(this.threads, this.threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), factory);
		pool.allowCoreThreadTimeOut(true);
		this.pool = pool;
	}

	@Override
	public void execute(Runnable task) {
		ThreadPoolExecutor pool = this.pool;
		if (pool == null) {
			throw new RejectedExecutionException("The Socket.IO server is not running");
		}
		pool.execute(task);
	}

	/**
	 * Take no more tasks; queued and running ones go on.
	 */
	void shutdown() {
		ThreadPoolExecutor pool = this.pool;
		if (pool != null) {
			pool.shutdown();
		}
	}

	/**
	 * Wait for queued and running tasks to finish.
	 * @param nanos the longest wait
	 * @return whether they finished
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean awaitTermination(long nanos) throws InterruptedException {
		ThreadPoolExecutor pool = this.pool;
		return pool == null || pool.awaitTermination(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Stop at once, interrupting running tasks.
	 */
	void shutdownNow() {
		ThreadPoolExecutor pool = this.pool;
		if (pool != null) {
			pool.shutdownNow();
		}
	}

}
