package dev.ioboot.server.socket;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ioboot.server.engine.InvalidPacketException;

/**
 * Reads the packets of {@code socket.io-msgpack-parser} 3.0 clients: each one binary
 * Engine.IO message, a MessagePack map with {@code type}, {@code nsp}, {@code data} and
 * {@code id} (other keys, such as the client's {@code options}, are ignored). It rejects what
 * that parser rejects (a type that is not an integer from 0 to 4, a namespace that is not a
 * string, data of the wrong shape, an id that is not an integer) and what the socket.io server
 * refuses from the default parser too: a CONNECT_ERROR from a client, an event without a name
 * or with a reserved one, an ACK without an id, a negative id, and text messages. Values are
 * read by {@link MsgpackReader}, nested no deeper than the JSON parser allows.
 */
final class MsgpackPacketDecoder implements PacketDecoder {

	private final int maxDepth;

	MsgpackPacketDecoder(ObjectMapper mapper) {
		// the packet map is one more level around the data the JSON parser would read
		this.maxDepth = mapper.getFactory().streamReadConstraints().getMaxNestingDepth() + 1;
	}

	@Override
	public boolean readsAttachments() {
		return false;
	}

	@Override
	public SocketIoPacket parse(byte[] utf8, int start) throws InvalidPacketException {
		throw new InvalidPacketException("Text message where the msgpack parser reads binary messages only");
	}

	@Override
	public SocketIoPacket parseBinary(byte[] message) throws InvalidPacketException {
		if (!(new MsgpackReader(message, this.maxDepth).readMessage() instanceof Map<?, ?> packet)) {
			throw new InvalidPacketException("MessagePack packet that is not a map");
		}
		int type = type(packet.get("type"));
		if (!(packet.get("nsp") instanceof String namespace)) {
			throw new InvalidPacketException("Invalid namespace");
		}
		Long ackId = ackId(packet.get("id"));
		Object data = packet.get("data");
		if (!isValid(type, data)) {
			throw new InvalidPacketException("Invalid payload for packet type " + type);
		}
		if (type == SocketIoPacket.ACK && ackId == null) {
			throw new InvalidPacketException("Acknowledgement without id");
		}
		return SocketIoPacket.decoded(type, namespace, ackId, data);
	}

	private static int type(Object type) throws InvalidPacketException {
		if (!(type instanceof Integer value) || value < SocketIoPacket.CONNECT || value > SocketIoPacket.CONNECT_ERROR) {
			throw new InvalidPacketException("Invalid packet type " + type);
		}
		if (value == SocketIoPacket.CONNECT_ERROR) {
			throw new InvalidPacketException("Clients may not send packet type " + value);
		}
		return value;
	}

	private static Long ackId(Object id) throws InvalidPacketException {
		if (id == null) {
			return null;
		}
		if ((id instanceof Integer || id instanceof Long) && ((Number) id).longValue() >= 0) {
			return ((Number) id).longValue();
		}
		throw new InvalidPacketException("Invalid packet id " + id);
	}

	private static boolean isValid(int type, Object data) {
		return switch (type) {
			case SocketIoPacket.CONNECT -> data == null || data instanceof Map;
			case SocketIoPacket.DISCONNECT -> data == null;
			case SocketIoPacket.EVENT -> data instanceof List<?> list && !list.isEmpty() && isEventName(list.get(0));
			default -> data instanceof List;
		};
	}

	private static boolean isEventName(Object name) {
		return name instanceof Number || (name instanceof String text && !SocketIoPacket.isReservedEvent(text));
	}

}
