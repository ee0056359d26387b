package dev.ioboot.event;

import java.util.Map;

import dev.ioboot.IoSocket;

/**
 * One event being handled, from the call of its handler to the completion of what the
 * handler returned: what an {@link IoHandlerDecorator} is told about the calls it wraps.
 * The same instance is passed for the call of the handler and for the completion of a
 * {@code CompletionStage} or {@code Mono} it returned, so that a decorator can carry state
 * from one to the other in its {@link #attributes() attributes}.
 */
public interface IoEventHandling {

	/**
	 * Return the socket whose event is handled.
	 * @return the socket, or {@code null} for an event another node sent with
	 * {@code serverSideEmit}
	 */
	IoSocket socket();

	/**
	 * Return the namespace of the event.
	 * @return the namespace
	 */
	String namespace();

	/**
	 * Return the event name, as the client sent it, or {@link IoEvent#CONNECTION},
	 * {@link IoEvent#DISCONNECTING} or {@link IoEvent#DISCONNECT} for the lifecycle callbacks.
	 * @return the event name
	 */
	String event();

	/**
	 * Return what decorators keep about this handling, mutable and thread-safe.
	 * @return the attributes
	 */
	Map<String, Object> attributes();

	/**
	 * Be told once when the handling is over: when the handler returned a plain value (or
	 * nothing), or when the result it returned completed and was acknowledged. A callback
	 * added after that is called at once.
	 * @param callback the callback
	 */
	void whenComplete(Callback callback);

	/**
	 * Told when the handling of an event is over.
	 */
	@FunctionalInterface
	interface Callback {

		/**
		 * The handling is over.
		 * @param outcome {@link IoEventDispatcher.Outcome#HANDLED HANDLED}, or
		 * {@link IoEventDispatcher.Outcome#FAILED FAILED} when the handler threw, its result
		 * completed exceptionally or could not be written as the acknowledgement
		 * @param failure what the handler threw or its result completed with, or
		 * {@code null}
		 */
		void completed(IoEventDispatcher.Outcome outcome, Throwable failure);

	}

}
