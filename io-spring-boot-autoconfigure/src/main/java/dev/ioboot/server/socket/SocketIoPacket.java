package dev.ioboot.server.socket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.ioboot.server.engine.InvalidPacketException;

/**
 * A Socket.IO packet received from a client, its payload still as a JSON tree whose binary
 * placeholders are resolved by {@link #payload(List)}, or, read by a parser that has binary
 * data in place (MessagePack), already as plain Java values.
 *
 * @param type the packet type, {@code 0} to {@code 6}
 * @param namespace the namespace, {@code /} by default
 * @param ackId the acknowledgement id, or {@code null}
 * @param attachments the number of binary attachments that follow
 * @param data the JSON payload, or {@code null}; a {@link POJONode} holds a payload already
 * decoded (see {@link #decoded})
 */
record SocketIoPacket(int type, String namespace, Long ackId, int attachments, JsonNode data) {

	static final int CONNECT = 0;

	static final int DISCONNECT = 1;

	static final int EVENT = 2;

	static final int ACK = 3;

	static final int CONNECT_ERROR = 4;

	static final int BINARY_EVENT = 5;

	static final int BINARY_ACK = 6;

	/**
	 * Event names a client may not send: socket.io's own events.
	 */
	private static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
			"disconnecting", "newListener", "removeListener");

	/**
	 * Create a packet whose payload is already made of plain Java values, binary data
	 * included: it has no attachments and no placeholders.
	 * @param type the packet type
	 * @param namespace the namespace
	 * @param ackId the acknowledgement id, or {@code null}
	 * @param payload the payload, or {@code null} for none
	 * @return the packet
	 */
	static SocketIoPacket decoded(int type, String namespace, Long ackId, Object payload) {
		return new SocketIoPacket(type, namespace, ackId, 0, (payload != null) ? new POJONode(payload) : null);
	}

	/**
	 * Return whether a client may not use an event name, as socket.io refuses it.
	 * @param name the event name
	 * @return {@code true} for one of socket.io's own events
	 */
	static boolean isReservedEvent(String name) {
		return RESERVED_EVENTS.contains(name);
	}

	boolean isEvent() {
		return this.type == EVENT || this.type == BINARY_EVENT;
	}

	boolean isAck() {
		return this.type == ACK || this.type == BINARY_ACK;
	}

	/**
	 * Convert the payload to plain Java values: maps, lists, strings, numbers, booleans,
	 * {@code null}, and {@code byte[]} in place of each binary placeholder.
	 * @param buffers the binary attachments, in order
	 * @return the payload
	 * @throws InvalidPacketException if a placeholder points at no attachment
	 */
	Object payload(List<byte[]> buffers) throws InvalidPacketException {
		return toJava(this.data, buffers);
	}

	private static Object toJava(JsonNode node, List<byte[]> buffers) throws InvalidPacketException {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node instanceof POJONode decoded) {
			return decoded.getPojo();
		}
		if (node.isArray()) {
			List<Object> list = new ArrayList<>(node.size());
			for (JsonNode element : node) {
				list.add(toJava(element, buffers));
			}
			return list;
		}
		if (node.isObject()) {
			if (isPlaceholder(node)) {
				int num = node.get("num").asInt(-1);
				if (num < 0 || num >= buffers.size()) {
					throw new InvalidPacketException("Binary placeholder " + node.get("num") + " has no attachment");
				}
				return buffers.get(num);
			}
			Map<String, Object> map = new LinkedHashMap<>();
			var fields = node.fields();
			while (fields.hasNext()) {
				var field = fields.next();
				map.put(field.getKey(), toJava(field.getValue(), buffers));
			}
			return map;
		}
		if (node.isTextual()) {
			return node.textValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isNumber()) {
			return node.numberValue();
		}
		return node.toString();
	}

	private static boolean isPlaceholder(JsonNode node) {
		JsonNode placeholder = node.get("_placeholder");
		JsonNode num = node.get("num");
		return node.size() == 2 && placeholder != null && placeholder.isBoolean() && placeholder.booleanValue()
				&& num != null && num.canConvertToInt();
	}

}
