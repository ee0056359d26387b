package dev.ioboot.server.socket;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ioboot.server.IoParser;

/**
 * The two halves of the parser clients and server agree on.
 *
 * @param encoder writes the packets the server sends
 * @param decoder reads the packets clients send
 */
record SocketIoCodec(PacketEncoder encoder, PacketDecoder decoder) {

	/**
	 * Return the codec of a parser.
	 * @param parser the parser
	 * @param mapper the JSON mapper of packets: it writes JSON, and turns values that are not
	 * plain ones into a tree for MessagePack
	 * @return the codec
	 */
	static SocketIoCodec of(IoParser parser, ObjectMapper mapper) {
		return switch (parser) {
			case DEFAULT -> new SocketIoCodec(new SocketIoPacketWriter(mapper), new SocketIoPacketParser(mapper));
			case MSGPACK -> new SocketIoCodec(new MsgpackPacketEncoder(mapper), new MsgpackPacketDecoder(mapper));
		};
	}

}
