package dev.ioboot.server.socket;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs the tasks of one socket one at a time, in submission order, on a shared pool, or on
 * the caller's thread when asked and nothing else of the socket is pending.
 */
final class SerialExecutor implements Executor {

	private static final Log logger = LogFactory.getLog(SerialExecutor.class);

	private final Executor pool;

	private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(2);

	private boolean running;

	SerialExecutor(Executor pool) {
		this.pool = pool;
	}

	/**
	 * Queue a task.
	 * @param task the task
	 * @throws RejectedExecutionException if the pool no longer takes work
	 */
	@Override
	public void execute(Runnable task) {
		synchronized (this.tasks) {
			this.tasks.add(task);
			if (this.running) {
				return;
			}
			this.running = true;
		}
		try {
			this.pool.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			synchronized (this.tasks) {
				this.tasks.remove(task);
				this.running = false;
			}
			throw ex;
		}
	}

	/**
	 * Run a task on the calling thread if no task of this executor is queued or running, else
	 * queue it. Either way it runs after every task given before it, and before every task
	 * given after it; tasks given while it runs are handed to the pool once it returns.
	 * @param task the task
	 * @throws RejectedExecutionException if the pool no longer takes work (a stopping server
	 * refuses events, wherever they would run)
	 */
	void executeHereIfIdle(Runnable task) {
		if (this.pool instanceof HandlerPool handlers && !handlers.isAccepting()) {
			throw new RejectedExecutionException("The Socket.IO server is stopping");
		}
		synchronized (this.tasks) {
			if (this.running) {
				this.tasks.add(task);
				return;
			}
			this.running = true;
		}
		try {
			runSafely(task);
		}
		finally {
			handOver();
		}
	}

	/**
	 * After a task ran on the caller's thread: give what was queued meanwhile to the pool.
	 */
	private void handOver() {
		synchronized (this.tasks) {
			if (this.tasks.isEmpty()) {
				this.running = false;
				return;
			}
		}
		try {
			this.pool.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			// accepted tasks are not lost when the pool stops under them
			drain();
		}
	}

	private void drain() {
		while (true) {
			Runnable task;
			synchronized (this.tasks) {
				task = this.tasks.poll();
				if (task == null) {
					this.running = false;
					return;
				}
			}
			runSafely(task);
		}
	}

	private static void runSafely(Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			// one failed task (an acknowledgement the callback cannot take, say) must not
			// leave the socket's later tasks queued for ever
			logger.error("A task of a socket failed", ex);
		}
	}

}
