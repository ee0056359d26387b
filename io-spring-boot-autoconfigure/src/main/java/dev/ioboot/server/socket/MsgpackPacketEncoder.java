package dev.ioboot.server.socket;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ioboot.server.engine.EngineFrame;

/**
 * Writes each Socket.IO packet as one binary Engine.IO message, a MessagePack map as
 * {@code socket.io-msgpack-parser} 3.0 writes the packets of Node's socket.io server:
 * {@code type}, {@code data}, {@code id} (when an acknowledgement is asked for; first in an
 * ACK) and {@code nsp}. Binary data stays in place as MessagePack bin: there are no
 * attachments.
 */
final class MsgpackPacketEncoder implements PacketEncoder {

	private final ObjectMapper mapper;

	private final int maxDepth;

	MsgpackPacketEncoder(ObjectMapper mapper) {
		this.mapper = mapper;
		this.maxDepth = mapper.getFactory().streamWriteConstraints().getMaxNestingDepth();
	}

	@Override
	public List<EngineFrame> event(String namespace, Long ackId, String event, Object... args) {
		MsgpackWriter writer = writer();
		writer.writeMapHeader((ackId != null) ? 4 : 3);
		writeType(writer, SocketIoPacket.EVENT);
		writer.writeString("data");
		writer.writeArrayHeader(args.length + 1);
		writer.writeString(event);
		writeArguments(writer, args);
		if (ackId != null) {
			writer.writeString("id");
			writer.writeInteger(ackId);
		}
		return finish(writer, namespace);
	}

	@Override
	public List<EngineFrame> ack(String namespace, long ackId, Object... args) {
		MsgpackWriter writer = writer();
		writer.writeMapHeader(4);
		writer.writeString("id");
		writer.writeInteger(ackId);
		writeType(writer, SocketIoPacket.ACK);
		writer.writeString("data");
		writer.writeArrayHeader(args.length);
		writeArguments(writer, args);
		return finish(writer, namespace);
	}

	@Override
	public List<EngineFrame> connect(String namespace, Map<String, Object> payload) {
		MsgpackWriter writer = writer();
		writer.writeMapHeader(3);
		writeType(writer, SocketIoPacket.CONNECT);
		writer.writeString("data");
		writer.writeValue(payload, 1);
		return finish(writer, namespace);
	}

	@Override
	public List<EngineFrame> connectError(String namespace, String message, Object data) {
		MsgpackWriter writer = writer();
		writer.writeMapHeader(3);
		writeType(writer, SocketIoPacket.CONNECT_ERROR);
		writer.writeString("data");
		writer.writeMapHeader((data != null) ? 2 : 1);
		writer.writeString("message");
		writer.writeString(message);
		if (data != null) {
			writer.writeString("data");
			writer.writeValue(data, 2);
		}
		return finish(writer, namespace);
	}

	@Override
	public List<EngineFrame> disconnect(String namespace) {
		MsgpackWriter writer = writer();
		writer.writeMapHeader(2);
		writeType(writer, SocketIoPacket.DISCONNECT);
		return finish(writer, namespace);
	}

	private MsgpackWriter writer() {
		return new MsgpackWriter(this.mapper, this.maxDepth);
	}

	private static void writeType(MsgpackWriter writer, int type) {
		writer.writeString("type");
		writer.writeInteger(type);
	}

	private static void writeArguments(MsgpackWriter writer, Object[] args) {
		for (Object arg : args) {
			// inside the data array, as in the JSON of the default parser
			writer.writeValue(arg, 2);
		}
	}

	private static List<EngineFrame> finish(MsgpackWriter writer, String namespace) {
		writer.writeString("nsp");
		writer.writeString(namespace);
		return List.of(EngineFrame.binary(writer.toByteArray()));
	}

}
