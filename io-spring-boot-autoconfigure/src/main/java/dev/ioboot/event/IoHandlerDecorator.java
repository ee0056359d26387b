package dev.ioboot.event;

import dev.ioboot.IoSocket;

/**
 * Wraps each call of a handler, of an exception handler, and the completion of an
 * asynchronous result, the counterpart of Spring's {@code TaskDecorator}: the place to put
 * what a handler finds on its thread, such as Spring Security's {@code SecurityContext}.
 * Beans of this type are applied in {@link org.springframework.core.annotation.Order order},
 * the first outermost. A decorator that needs the event, or to know when its handling is
 * over (an asynchronous result included), overrides
 * {@link #decorate(IoEventHandling, Runnable)}.
 */
@FunctionalInterface
public interface IoHandlerDecorator {

	/**
	 * Decorate one call.
	 * @param socket the socket whose event is handled
	 * @param call the call
	 * @return the decorated call
	 */
	Runnable decorate(IoSocket socket, Runnable call);

	/**
	 * Decorate one call, knowing the event it belongs to: the call of its handler, or the
	 * completion of the result the handler returned, with the same {@code handling}. By
	 * default, {@link #decorate(IoSocket, Runnable)} with its socket.
	 * @param handling the event being handled
	 * @param call the call
	 * @return the decorated call
	 */
	default Runnable decorate(IoEventHandling handling, Runnable call) {
		return decorate(handling.socket(), call);
	}

}
