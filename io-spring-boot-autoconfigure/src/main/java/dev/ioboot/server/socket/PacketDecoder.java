package dev.ioboot.server.socket;

import dev.ioboot.server.engine.InvalidPacketException;

/**
 * Reads the Socket.IO packets clients send in Engine.IO messages, and rejects what the
 * socket.io server would reject: the receiving half of a parser.
 */
interface PacketDecoder {

	/**
	 * Return whether binary messages are the attachments of the text packet before them (the
	 * default parser) rather than packets of their own (MessagePack).
	 * @return {@code true} if binary messages are attachments
	 */
	boolean readsAttachments();

	/**
	 * Read the packet of a text message from its UTF-8 bytes.
	 * @param utf8 the bytes
	 * @param start where the packet starts
	 * @return the packet
	 * @throws InvalidPacketException if the packet is not one the socket.io server accepts
	 */
	SocketIoPacket parse(byte[] utf8, int start) throws InvalidPacketException;

	/**
	 * Read the packet of a binary message, for a parser whose binary messages are packets.
	 * @param message the bytes of the message
	 * @return the packet
	 * @throws InvalidPacketException if the packet is not one the socket.io server accepts
	 */
	SocketIoPacket parseBinary(byte[] message) throws InvalidPacketException;

}
