package dev.ioboot.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@link IoServerListener listeners} of one server, told in the order they were added.
 * Callers name the callback once, at the call site ({@code listeners.each((l) ->
 * l.socketConnected(namespace))}), so a callback added to {@link IoServerListener} needs
 * nothing here. Listeners may be added at any time, from any thread.
 */
public final class IoServerListeners {

	private final List<IoServerListener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Add a listener.
	 * @param listener the listener
	 */
	public void add(IoServerListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Tell every listener, in order.
	 * @param callback what to call on each
	 */
	public void each(Consumer<IoServerListener> callback) {
		for (IoServerListener listener : this.listeners) {
			callback.accept(listener);
		}
	}

}
