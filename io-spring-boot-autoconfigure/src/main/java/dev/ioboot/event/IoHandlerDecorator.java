package dev.ioboot.event;

import dev.ioboot.IoSocket;

/**
 * Wraps each call of a handler, of an exception handler, and the completion of an
 * asynchronous result, the counterpart of Spring's {@code TaskDecorator}: the place to put
 * what a handler finds on its thread, such as Spring Security's {@code SecurityContext}.
 * Beans of this type are applied in {@link org.springframework.core.annotation.Order order},
 * the first outermost.
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

}
