package dev.ioboot.event;

import java.util.List;

import dev.ioboot.IoContext;
import dev.ioboot.IoSocket;

/**
 * Calls one handler with the arguments of one event.
 */
interface EventInvoker {

	/**
	 * Call the handler.
	 * @param ctx the context
	 * @param socket the socket
	 * @param args the event arguments
	 * @param ack the acknowledgement
	 * @return the acknowledgement argument, or {@code null}
	 * @throws Exception what the handler threw
	 */
	Object invoke(IoContext ctx, IoSocket socket, List<Object> args, IoAck ack) throws Exception;

	/**
	 * Describe the handler for messages: the bean and the method.
	 * @return the description
	 */
	String description();

}
