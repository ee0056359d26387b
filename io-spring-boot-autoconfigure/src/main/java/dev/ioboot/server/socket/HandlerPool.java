package dev.ioboot.server.socket;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The threads handlers run on ({@code io-handler-N}), off the network threads: a new pool
 * each time the server starts, shut down when it stops; a new virtual thread per task
 * instead when virtual threads are asked for (Java 21 and later). Tasks given while it is
 * stopped are rejected.
 */
final class HandlerPool implements Executor {

	private static final String PREFIX = "io-handler-";

	private final int threads;

	private final boolean virtual;

	private volatile ExecutorService pool;

	HandlerPool(int threads, boolean virtual) {
		this.threads = threads;
		this.virtual = virtual;
	}

	synchronized void start() {
		this.pool = this.virtual ? newVirtualThreadExecutor() : newPool(this.threads);
	}

	private static ExecutorService newPool(int threads) {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), new CustomizableThreadFactory(PREFIX));
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	/**
	 * Java 21's {@code Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(...).factory())},
	 * reached by reflection: the starter is compiled for Java 17.
	 */
	private static ExecutorService newVirtualThreadExecutor() {
		try {
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			builder = builderType.getMethod("name", String.class, long.class).invoke(builder, PREFIX, 1L);
			ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
			return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
				.invoke(null, factory);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Virtual threads need Java 21 or later", ex);
		}
	}

	@Override
	public void execute(Runnable task) {
		ExecutorService pool = this.pool;
		if (pool == null) {
			throw new RejectedExecutionException("The Socket.IO server is not running");
		}
		pool.execute(task);
	}

	/**
	 * Return whether tasks are taken: the server is running and not stopping.
	 * @return {@code false} before the start and once {@link #shutdown()} was called
	 */
	boolean isAccepting() {
		ExecutorService pool = this.pool;
		return pool != null && !pool.isShutdown();
	}

	/**
	 * Take no more tasks; queued and running ones go on.
	 */
	void shutdown() {
		ExecutorService pool = this.pool;
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
		ExecutorService pool = this.pool;
		return pool == null || pool.awaitTermination(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Stop at once, interrupting running tasks.
	 */
	void shutdownNow() {
		ExecutorService pool = this.pool;
		if (pool != null) {
			pool.shutdownNow();
		}
	}

}
