package dev.ioboot.event;

import java.util.List;

import dev.ioboot.IoSocket;

/**
 * Runs before the handlers of every event a client sends: the counterpart of socket.io's
 * {@code socket.use(([event, ...args], next) => ...)}. Middleware beans run in
 * {@link org.springframework.core.annotation.Order order}, on the socket's handler thread,
 * for the namespaces of their {@link dev.ioboot.IoNamespace @IoNamespace} (every namespace
 * without it).
 * <p>
 * A middleware may change the arguments in place, or refuse the event by throwing an
 * {@link IoEventException}: then no later middleware and no handler runs, no acknowledgement
 * is sent (as in socket.io, a client waiting with a timeout sees it pass), and the client
 * receives an {@code error} event with {@code {"message": ...}}, the exception's message. Any
 * other exception refuses the event too, logged once, and the client's {@code error} event
 * says {@code Internal server error}.
 */
@FunctionalInterface
public interface IoEventMiddleware {

	/**
	 * Check an event before its handlers run.
	 * @param socket the socket that sent it
	 * @param event the event name
	 * @param args the arguments, which may be changed in place
	 * @throws IoEventException to refuse the event with a message the client reads
	 */
	void onEvent(IoSocket socket, String event, List<Object> args);

	/**
	 * Return whether this middleware never blocks. An event whose handler is declared
	 * {@link IoEvent#nonBlocking() non-blocking} is handled on the network thread only when
	 * every middleware and {@link IoAnyListener} of its namespace never blocks either.
	 * @return {@code false} by default
	 */
	default boolean isNonBlocking() {
		return false;
	}

}
