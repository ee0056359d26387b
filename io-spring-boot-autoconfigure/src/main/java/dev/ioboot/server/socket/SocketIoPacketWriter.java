package dev.ioboot.server.socket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.ioboot.server.engine.EngineFrame;

/**
 * Writes Socket.IO v5 packets, once per packet whatever the number of recipients: JSON by the
 * configured Jackson mapper, each {@code byte[]} anywhere in the payload sent as a binary
 * attachment behind a placeholder. This is socket.io's default parser.
 */
final class SocketIoPacketWriter implements PacketEncoder {

	private static final String ATTACHMENTS = SocketIoPacketWriter.class.getName() + ".attachments";

	private final ObjectWriter writer;

	SocketIoPacketWriter(ObjectMapper mapper) {
		SimpleModule binary = new SimpleModule("io-binary-attachments");
		binary.addSerializer(byte[].class, new AttachmentSerializer());
		if (mapper.getRegisteredModuleIds().stream().noneMatch((id) -> String.valueOf(id).contains("JavaTimeModule"))) {
			// dates decoded from other nodes' messages (a Node peer's Date) are written as
			// JSON.stringify writes a Date; without Jackson's java.time module they would fail
			binary.addSerializer(Instant.class, new JavaScriptDateSerializer());
		}
		// characters outside the BMP are written as UTF-8, as JSON.stringify does, not as
		// escaped surrogate pairs
		this.writer = mapper.copy()
			.registerModule(binary)
			.writer()
			.with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
	}

	@Override
	public List<EngineFrame> event(String namespace, Long ackId, String event, Object... args) {
		List<Object> data = new ArrayList<>(args.length + 1);
		data.add(event);
		Collections.addAll(data, args);
		return encode(SocketIoPacket.EVENT, namespace, ackId, data);
	}

	@Override
	public List<EngineFrame> ack(String namespace, long ackId, Object... args) {
		return encode(SocketIoPacket.ACK, namespace, ackId, toList(args));
	}

	@Override
	public List<EngineFrame> connect(String namespace, Map<String, Object> payload) {
		return encode(SocketIoPacket.CONNECT, namespace, null, payload);
	}

	@Override
	public List<EngineFrame> connectError(String namespace, String message, Object data) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		if (data != null) {
			error.put("data", data);
		}
		return encode(SocketIoPacket.CONNECT_ERROR, namespace, null, error);
	}

	@Override
	public List<EngineFrame> disconnect(String namespace) {
		return encode(SocketIoPacket.DISCONNECT, namespace, null, null);
	}

	private static List<Object> toList(Object[] args) {
		List<Object> list = new ArrayList<>(args.length);
		Collections.addAll(list, args);
		return list;
	}

	private List<EngineFrame> encode(int type, String namespace, Long ackId, Object data) {
		List<byte[]> attachments = new ArrayList<>(0);
		byte[] json;
		try {
			json = (data != null) ? this.writer.withAttribute(ATTACHMENTS, attachments).writeValueAsBytes(data) : null;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Cannot serialize Socket.IO payload: " + ex.getMessage(), ex);
		}
		// the Engine.IO message type, then the Socket.IO packet, written as UTF-8 once
		StringBuilder header = new StringBuilder(16).append(EngineFrame.MESSAGE);
		if (attachments.isEmpty()) {
			header.append(type);
		}
		else {
			header.append(type == SocketIoPacket.ACK ? SocketIoPacket.BINARY_ACK : SocketIoPacket.BINARY_EVENT);
			header.append(attachments.size()).append('-');
		}
		if (!"/".equals(namespace)) {
			header.append(namespace).append(',');
		}
		if (ackId != null) {
			header.append(ackId);
		}
		byte[] prefix = header.toString().getBytes(StandardCharsets.UTF_8);
		byte[] packet = (json != null) ? Arrays.copyOf(prefix, prefix.length + json.length) : prefix;
		if (json != null) {
			System.arraycopy(json, 0, packet, prefix.length, json.length);
		}
		List<EngineFrame> frames = new ArrayList<>(1 + attachments.size());
		frames.add(EngineFrame.utf8(packet));
		for (byte[] attachment : attachments) {
			frames.add(EngineFrame.binary(attachment));
		}
		return frames;
	}

	/**
	 * Writes a {@code byte[]} as a placeholder and keeps the bytes as an attachment.
	 */
	/**
	 * Writes an {@link Instant} as JavaScript's {@code Date.prototype.toJSON()} does.
	 */
	private static final class JavaScriptDateSerializer extends StdSerializer<Instant> {

		private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
			.withZone(ZoneOffset.UTC);

		JavaScriptDateSerializer() {
			super(Instant.class);
		}

		@Override
		public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
			gen.writeString(FORMAT.format(value));
		}

	}

	private static final class AttachmentSerializer extends StdSerializer<byte[]> {

		AttachmentSerializer() {
			super(byte[].class);
		}

		@Override
		@SuppressWarnings("unchecked")
		public void serialize(byte[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
			List<byte[]> attachments = (List<byte[]>) provider.getAttribute(ATTACHMENTS);
			if (attachments == null) {
				gen.writeBinary(value);
				return;
			}
			gen.writeStartObject();
			gen.writeBooleanField("_placeholder", true);
			gen.writeNumberField("num", attachments.size());
			gen.writeEndObject();
			attachments.add(value);
		}

	}

}
