package dev.ioboot.event;

import java.util.List;
import java.util.function.Consumer;

import dev.ioboot.IoSocket;

/**
 * Receives what happens on the sockets: the server calls it off the network threads, one call
 * at a time per socket, in the order things happened on that socket.
 */
public interface IoEventDispatcher {

	/**
	 * A socket's CONNECT was accepted and answered.
	 * @param socket the socket
	 */
	void onConnect(IoSocket socket);

	/**
	 * A socket sent an event.
	 * @param socket the socket
	 * @param event the event name
	 * @param args the arguments as plain Java values, {@code byte[]} for binary
	 * @param ack the acknowledgement, to send when {@link IoAck#requested()}
	 * @return what became of the event
	 */
	Outcome onEvent(IoSocket socket, String event, List<Object> args, IoAck ack);

	/**
	 * Return whether the handler of an event declared that it never blocks
	 * ({@link IoEvent#nonBlocking()}): the server may then call {@link #onEvent} on the
	 * network thread that read the event, still one call at a time per socket and in order.
	 * @param socket the socket
	 * @param event the event name
	 * @return {@code false} by default: every event is handled on the handler pool
	 */
	default boolean isNonBlocking(IoSocket socket, String event) {
		return false;
	}

	/**
	 * A socket is leaving its namespace and is still in its rooms.
	 * @param socket the socket
	 * @param reason the Socket.IO reason, such as {@code transport close}
	 */
	default void onDisconnecting(IoSocket socket, String reason) {
	}

	/**
	 * A socket left its namespace.
	 * @param socket the socket
	 * @param reason the Socket.IO reason, such as {@code transport close}
	 */
	void onDisconnect(IoSocket socket, String reason);

	/**
	 * Another node sent an event with {@code serverSideEmit}.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param args the arguments
	 * @param ack receives the acknowledgement argument, or {@code null} if none was asked for
	 */
	default void onServerSideEvent(String namespace, String event, List<Object> args, Consumer<Object> ack) {
	}

	/**
	 * What became of an event.
	 */
	enum Outcome {

		/**
		 * A handler ran and returned.
		 */
		HANDLED,

		/**
		 * A handler ran and threw.
		 */
		FAILED,

		/**
		 * No handler listens to the event.
		 */
		UNHANDLED

	}

}
