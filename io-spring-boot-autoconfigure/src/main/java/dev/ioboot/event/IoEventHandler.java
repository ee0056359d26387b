package dev.ioboot.event;

import dev.ioboot.IoContext;
import dev.ioboot.IoSocket;

/**
 * A Socket.IO event handler bean, annotated with {@link IoEvent}: the Spring counterpart of
 * an entry of the Strapi plugin's {@code events}.
 */
@FunctionalInterface
public interface IoEventHandler {

	/**
	 * Handle one event. Called off the network threads, in arrival order for one socket.
	 * @param ctx the application and the Socket.IO facade
	 * @param socket the socket that sent the event
	 * @param args the event arguments as decoded JSON ({@code Map}, {@code List}, {@code String},
	 * numbers, {@code Boolean}, {@code null}) or {@code byte[]} for binary
	 * @return the acknowledgement argument when the client asked for one, {@code null}
	 * included; a {@code CompletionStage} or {@code Mono} acknowledges when it completes
	 * @throws Exception on failure: handled as an {@link IoEvent} method's exception (an
	 * {@link IoEventException}'s message reaches the client, anything else is
	 * {@code Internal server error})
	 */
	Object handle(IoContext ctx, IoSocket socket, Object... args) throws Exception;

}
