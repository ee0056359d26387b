package dev.ioboot.server;

/**
 * How Socket.IO packets are encoded on the wire. Clients must use the same parser as the
 * server.
 */
public enum IoParser {

	/**
	 * socket.io's default parser: text packets with a JSON payload, each binary value sent as
	 * a binary attachment after its packet.
	 */
	DEFAULT,

	/**
	 * The parser of {@code socket.io-msgpack-parser} 3.0: each packet one binary message, a
	 * MessagePack map, binary values in place.
	 */
	MSGPACK

}
