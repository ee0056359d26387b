package dev.ioboot.server.socket;

import java.util.List;
import java.util.Map;

import dev.ioboot.server.engine.EngineFrame;

/**
 * Writes the Socket.IO packets the server sends, as the Engine.IO messages that carry them:
 * the sending half of a parser. A packet is encoded once, whatever the number of its
 * recipients.
 */
interface PacketEncoder {

	/**
	 * Encode an event.
	 * @param namespace the namespace
	 * @param ackId the acknowledgement id the client should answer, or {@code null}
	 * @param event the event name
	 * @param args the arguments
	 * @return the Engine.IO messages to send
	 */
	List<EngineFrame> event(String namespace, Long ackId, String event, Object... args);

	/**
	 * Encode the acknowledgement of an event the client sent.
	 * @param namespace the namespace
	 * @param ackId the id the client gave
	 * @param args the arguments
	 * @return the Engine.IO messages to send
	 */
	List<EngineFrame> ack(String namespace, long ackId, Object... args);

	/**
	 * Encode the CONNECT that accepts a socket: {@code {"sid": socketId}}.
	 * @param namespace the namespace
	 * @param socketId the id of the socket
	 * @return the Engine.IO messages to send
	 */
	default List<EngineFrame> connect(String namespace, String socketId) {
		return connect(namespace, Map.of("sid", socketId));
	}

	/**
	 * Encode the CONNECT that accepts a socket, with any payload (such as a {@code pid} for
	 * connection state recovery besides the {@code sid}).
	 * @param namespace the namespace
	 * @param payload the payload, written in its iteration order
	 * @return the Engine.IO messages to send
	 */
	List<EngineFrame> connect(String namespace, Map<String, Object> payload);

	/**
	 * Encode the CONNECT_ERROR that refuses a socket: {@code {"message": ..., "data": ...}}.
	 * @param namespace the namespace
	 * @param message the message
	 * @param data the data, or {@code null} to leave it out
	 * @return the Engine.IO messages to send
	 */
	List<EngineFrame> connectError(String namespace, String message, Object data);

	/**
	 * Encode the DISCONNECT of a socket.
	 * @param namespace the namespace
	 * @return the Engine.IO messages to send
	 */
	List<EngineFrame> disconnect(String namespace);

}
