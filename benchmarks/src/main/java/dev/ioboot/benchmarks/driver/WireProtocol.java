package dev.ioboot.benchmarks.driver;

import io.netty.buffer.ByteBuf;

/**
 * How the driver talks to one kind of server: Socket.IO v5 over Engine.IO v4, or the raw
 * benchmark framing of the plain Netty server. Encoders write into a buffer; {@link #read}
 * reports what a text frame is to the client that received it.
 */
public interface WireProtocol {

	/**
	 * The request path and query of the WebSocket.
	 * @return the path, for example {@code /socket.io/?EIO=4&transport=websocket}
	 */
	String path();

	/**
	 * Whether the connection is usable as soon as the WebSocket is open (otherwise the client
	 * waits for the protocol's own connect).
	 * @return {@code true} for the raw protocol
	 */
	boolean connectedOnOpen();

	/**
	 * Writes an event that asks for an acknowledgement.
	 * @param out the frame content
	 * @param id the acknowledgement id
	 * @param event the event name
	 * @param args the JSON of each argument
	 */
	void writeRequest(ByteBuf out, int id, String event, byte[]... args);

	/**
	 * Writes an event without acknowledgement.
	 * @param out the frame content
	 * @param event the event name
	 * @param args the JSON of each argument
	 */
	void writeEvent(ByteBuf out, String event, byte[]... args);

	/**
	 * Reads one text frame and tells the client what it was.
	 * @param frame the frame content
	 * @param client the receiving client
	 */
	void read(ByteBuf frame, BenchClient client);

	/**
	 * Socket.IO v5 over Engine.IO v4 on a WebSocket.
	 */
	WireProtocol SOCKET_IO = new SocketIoProtocol();

	/**
	 * The plain JSON-array framing of the raw Netty server.
	 */
	WireProtocol RAW = new RawProtocol();

}
