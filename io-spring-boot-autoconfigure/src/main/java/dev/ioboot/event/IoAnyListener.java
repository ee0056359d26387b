package dev.ioboot.event;

import java.util.List;

import dev.ioboot.IoSocket;

/**
 * Told every event a client sends, whatever its name, before the
 * {@link IoEventMiddleware event middlewares} and the handler run (so also events a middleware
 * then refuses), as socket.io's {@code socket.onAny(listener)} is. Listener beans run in
 * {@link org.springframework.core.annotation.Order order} on the socket's handler thread, for
 * the namespaces of their {@link dev.ioboot.IoNamespace @IoNamespace}. An exception is logged
 * and does not stop the event.
 */
@FunctionalInterface
public interface IoAnyListener {

	/**
	 * An event arrived.
	 * @param socket the socket that sent it
	 * @param event the event name
	 * @param args the arguments, read-only
	 */
	void onEvent(IoSocket socket, String event, List<Object> args);

	/**
	 * Return whether this listener never blocks. An event whose handler is declared
	 * {@link IoEvent#nonBlocking() non-blocking} is handled on the network thread only when
	 * every listener and {@link IoEventMiddleware} of its namespace never blocks either.
	 * @return {@code false} by default
	 */
	default boolean isNonBlocking() {
		return false;
	}

}
