package dev.ioboot.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.ioboot.IoSocket;

/**
 * The {@link IoEventHandling} of the {@link DefaultIoEventDispatcher}: complete when every
 * part of it that was {@link #hold() held} is {@link #release() released}, the call of the
 * handler and each later result it waits for.
 */
final class EventHandling implements IoEventHandling {

	private final IoEventMessage message;

	private final String namespace;

	// both made on first use: most events meet no decorator that needs them
	private Map<String, Object> attributes;

	private List<Callback> callbacks;

	private int held;

	private boolean complete;

	private Throwable failure;

	private boolean failed;

	EventHandling(IoEventMessage message, String namespace) {
		this.message = message;
		this.namespace = namespace;
	}

	IoEventMessage message() {
		return this.message;
	}

	@Override
	public IoSocket socket() {
		return this.message.socket();
	}

	@Override
	public String namespace() {
		return this.namespace;
	}

	@Override
	public String event() {
		return this.message.event();
	}

	@Override
	public synchronized Map<String, Object> attributes() {
		if (this.attributes == null) {
			this.attributes = new ConcurrentHashMap<>();
		}
		return this.attributes;
	}

	@Override
	public void whenComplete(Callback callback) {
		synchronized (this) {
			if (!this.complete) {
				if (this.callbacks == null) {
					this.callbacks = new ArrayList<>(1);
				}
				this.callbacks.add(callback);
				return;
			}
		}
		callback.completed(outcome(), this.failure);
	}

	/**
	 * Record that the handler failed: the first failure is the one reported.
	 * @param failure what it threw, or {@code null} for an acknowledgement that could not be
	 * written
	 */
	synchronized void failed(Throwable failure) {
		if (!this.failed) {
			this.failed = true;
			this.failure = failure;
		}
	}

	synchronized void hold() {
		this.held++;
	}

	void release() {
		List<Callback> toCall;
		synchronized (this) {
			if (--this.held > 0 || this.complete) {
				return;
			}
			this.complete = true;
			toCall = this.callbacks;
			this.callbacks = null;
		}
		if (toCall == null) {
			return;
		}
		IoEventDispatcher.Outcome outcome = outcome();
		for (Callback callback : toCall) {
			callback.completed(outcome, this.failure);
		}
	}

	private synchronized IoEventDispatcher.Outcome outcome() {
		return this.failed ? IoEventDispatcher.Outcome.FAILED : IoEventDispatcher.Outcome.HANDLED;
	}

}
