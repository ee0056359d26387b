package dev.ioboot.adapter.redis;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs tasks one at a time, in submission order, on the thread that submits them when none
 * is running (no hand-off to another thread), else on the thread running the one before: the
 * order in which a node delivers stream entries, without a thread of its own. Tasks must not
 * block.
 */
final class DeliveryQueue {

	private static final Log logger = LogFactory.getLog(DeliveryQueue.class);

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile boolean stopped;

	void execute(Runnable task) {
		if (this.stopped) {
			return;
		}
		this.tasks.add(task);
		drain();
	}

	private void drain() {
		while (!this.tasks.isEmpty() && this.running.compareAndSet(false, true)) {
			try {
				Runnable task;
				while ((task = this.tasks.poll()) != null) {
					try {
						task.run();
					}
					catch (RuntimeException ex) {
						logger.warn("A stream entry could not be delivered", ex);
					}
				}
			}
			finally {
				this.running.set(false);
			}
		}
	}

	void stop() {
		this.stopped = true;
		this.tasks.clear();
	}

}
