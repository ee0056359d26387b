package dev.ioboot.event;

import java.util.List;

import dev.ioboot.IoSocket;

/**
 * Told every event written to a socket, emitted to it or broadcast, with or without an
 * acknowledgement: the counterpart of socket.io's {@code socket.onAnyOutgoing(listener)}.
 * Listener beans are called on the thread that emits, once the packet was handed to the
 * socket's transport, for the namespaces of their {@link dev.ioboot.IoNamespace @IoNamespace};
 * they must not block. An exception is logged and does not stop the emit.
 */
@FunctionalInterface
public interface IoAnyOutgoingListener {

	/**
	 * An event was written to a socket.
	 * @param socket the socket
	 * @param event the event name
	 * @param args the arguments, read-only
	 */
	void onEvent(IoSocket socket, String event, List<Object> args);

}
