package dev.ioboot.server.socket;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ioboot.server.engine.InvalidPacketException;

/**
 * Reads the text part of a Socket.IO v5 packet:
 * {@code <type>[<attachments>-][<namespace>,][<ack id>][<json>]}, and rejects what the
 * socket.io server would reject. Binary messages are the attachments of the packet before
 * them. This is socket.io's default parser.
 */
final class SocketIoPacketParser implements PacketDecoder {

	private static final int MAX_ATTACHMENTS = 1000;

	private final ObjectMapper mapper;

	SocketIoPacketParser(ObjectMapper mapper) {
		this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	@Override
	public boolean readsAttachments() {
		return true;
	}

	SocketIoPacket parse(String text) throws InvalidPacketException {
		return parse(text.getBytes(StandardCharsets.UTF_8), 0);
	}

	/**
	 * Read a packet from its UTF-8 bytes, without decoding them to a string first.
	 * @param utf8 the bytes
	 * @param start where the packet starts
	 * @return the packet
	 * @throws InvalidPacketException if the packet is not one the socket.io server accepts
	 */
	@Override
	public SocketIoPacket parse(byte[] utf8, int start) throws InvalidPacketException {
		int end = utf8.length;
		if (start >= end) {
			throw new InvalidPacketException("Empty packet");
		}
		int type = utf8[start] - '0';
		if (type < SocketIoPacket.CONNECT || type > SocketIoPacket.BINARY_ACK) {
			throw new InvalidPacketException("Unknown packet type '" + (char) (utf8[start] & 0xff) + "'");
		}
		int i = start + 1;
		int attachments = 0;
		if (type == SocketIoPacket.BINARY_EVENT || type == SocketIoPacket.BINARY_ACK) {
			int dash = indexOf(utf8, '-', i);
			if (dash < 0) {
				throw new InvalidPacketException("Binary packet without attachment count");
			}
			attachments = parseCount(new String(utf8, i, dash - i, StandardCharsets.UTF_8));
			i = dash + 1;
		}
		String namespace = "/";
		if (i < end && utf8[i] == '/') {
			int comma = indexOf(utf8, ',', i);
			int namespaceEnd = (comma < 0) ? end : comma;
			namespace = new String(utf8, i, namespaceEnd - i, StandardCharsets.UTF_8);
			int query = namespace.indexOf('?');
			if (query >= 0) {
				namespace = namespace.substring(0, query);
			}
			i = (comma < 0) ? namespaceEnd : comma + 1;
		}
		Long ackId = null;
		int digits = i;
		while (digits < end && utf8[digits] >= '0' && utf8[digits] <= '9') {
			digits++;
		}
		if (digits > i) {
			if (digits - i > 18) {
				throw new InvalidPacketException("Acknowledgement id too long");
			}
			long id = 0;
			for (int d = i; d < digits; d++) {
				id = id * 10 + (utf8[d] - '0');
			}
			ackId = id;
			i = digits;
		}
		JsonNode data = null;
		if (i < end) {
			try {
				data = this.mapper.readTree(utf8, i, end - i);
			}
			catch (Exception ex) {
				throw new InvalidPacketException("Invalid payload", ex);
			}
		}
		SocketIoPacket packet = new SocketIoPacket(type, namespace, ackId, attachments, data);
		validate(packet);
		return packet;
	}

	@Override
	public SocketIoPacket parseBinary(byte[] message) throws InvalidPacketException {
		throw new InvalidPacketException("Binary message outside a packet with attachments");
	}

	private static int indexOf(byte[] bytes, char c, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == c) {
				return i;
			}
		}
		return -1;
	}

	private static int parseCount(String count) throws InvalidPacketException {
		if (count.isEmpty() || count.length() > 4 || !count.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new InvalidPacketException("Illegal attachment count '" + count + "'");
		}
		int value = Integer.parseInt(count);
		if (value > MAX_ATTACHMENTS) {
			throw new InvalidPacketException("Too many attachments: " + value);
		}
		return value;
	}

	private static void validate(SocketIoPacket packet) throws InvalidPacketException {
		JsonNode data = packet.data();
		boolean valid = switch (packet.type()) {
			case SocketIoPacket.CONNECT -> data == null || data.isObject();
			case SocketIoPacket.DISCONNECT -> data == null;
			case SocketIoPacket.EVENT, SocketIoPacket.BINARY_EVENT -> data != null && data.isArray()
					&& !data.isEmpty() && (data.get(0).isNumber()
							|| (data.get(0).isTextual() && !SocketIoPacket.isReservedEvent(data.get(0).textValue())));
			case SocketIoPacket.ACK, SocketIoPacket.BINARY_ACK -> data != null && data.isArray();
			default -> false;
		};
		if (!valid) {
			throw new InvalidPacketException("Invalid payload for packet type " + packet.type());
		}
		if ((packet.type() == SocketIoPacket.ACK || packet.type() == SocketIoPacket.BINARY_ACK)
				&& packet.ackId() == null) {
			throw new InvalidPacketException("Acknowledgement without id");
		}
	}

}
