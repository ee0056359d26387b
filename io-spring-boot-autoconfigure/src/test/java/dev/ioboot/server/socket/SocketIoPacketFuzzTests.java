package dev.ioboot.server.socket;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ioboot.IoJsonMapper;
import dev.ioboot.server.engine.EngineFrame;
import dev.ioboot.server.engine.InvalidPacketException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fuzz tests of the starter's packet reading: {@link SocketIoPacketParser},
 * {@link SocketIoPacket#payload(List)} and {@link EngineFrame}. Bad input may only be refused
 * with the exceptions the code declares for it ({@link InvalidPacketException}, and
 * {@link IllegalArgumentException} for bad base64 in a polling payload); what is accepted must
 * be something {@link SocketIoConnection} can handle.
 * <p>
 * Without {@code JAZZER_FUZZ} these run once per input in
 * {@code src/test/resources/dev/ioboot/server/SocketIoPacketFuzzTestsInputs}; with
 * {@code JAZZER_FUZZ=1} they fuzz. An input is what a client could send: the Socket.IO
 * packet, then each binary attachment after a record separator ({@code 0x1e}), the way a
 * polling payload separates packets.
 */
class SocketIoPacketFuzzTests {

	private static final byte RECORD_SEPARATOR = 0x1e;

	private static final ObjectMapper mapper = IoJsonMapper.withDefaults().objectMapper();

	private static final SocketIoPacketParser parser = new SocketIoPacketParser(mapper);

	private static final SocketIoPacketWriter writer = new SocketIoPacketWriter(mapper);

	/**
	 * A Socket.IO packet and its binary attachments, as a websocket client sends them.
	 * @param input the packet, then each attachment after a {@code 0x1e}
	 */
	@FuzzTest(maxDuration = "3m")
	void packetWithAttachments(byte[] input) throws Exception {
		List<byte[]> parts = split(input, RECORD_SEPARATOR);
		byte[] text = parts.get(0);
		List<byte[]> attachments = parts.subList(1, parts.size());
		SocketIoPacket packet;
		try {
			packet = parser.parse(text, 0);
		}
		catch (InvalidPacketException ex) {
			return;
		}
		assertAcceptable(packet);
		Object payload;
		try {
			payload = packet.payload(attachments);
		}
		catch (InvalidPacketException ex) {
			// a placeholder with no attachment behind it
			return;
		}
		assertPayloadHandleable(packet, payload, attachments);
		if (packet.isEvent() && ((List<?>) payload).get(0) instanceof String name) {
			assertEventRoundTrips(packet, name, (List<?>) payload);
		}
	}

	/**
	 * An Engine.IO text packet, read as a websocket text frame (from its bytes) and as a
	 * polling payload (a string whose packets are separated by {@code 0x1e}), the way
	 * {@link EngineSession} and {@link EngineIoHttpHandler} read them.
	 * @param input the bytes a client sent
	 */
	@FuzzTest(maxDuration = "3m")
	void engineFrames(byte[] input) throws Exception {
		EngineFrame webSocket = EngineFrame.utf8(input);
		char type = webSocket.type();
		assertThat(type).isEqualTo((input.length > 0) ? (char) (input[0] & 0xff) : (char) 0);
		SocketIoPacket fromBytes = null;
		InvalidPacketException bytesRefused = null;
		if (type == EngineFrame.MESSAGE) {
			EngineFrame message = webSocket.withoutType();
			assertThat(message.utf8()).isEqualTo(Arrays.copyOfRange(input, 1, input.length));
			try {
				fromBytes = parser.parse(message.utf8Buffer(), message.utf8Start());
				assertAcceptable(fromBytes);
			}
			catch (InvalidPacketException ex) {
				bytesRefused = ex;
			}
		}
		String payload = new String(input, StandardCharsets.UTF_8);
		List<String> packets = List.of(payload.split(String.valueOf(EngineFrame.RECORD_SEPARATOR), -1));
		for (String encoded : packets) {
			EngineFrame frame;
			try {
				frame = EngineFrame.fromPolling(encoded);
			}
			catch (IllegalArgumentException ex) {
				assertThat(encoded).as("only a binary packet can be bad base64").startsWith("b");
				continue;
			}
			if (frame.isBinary()) {
				assertThat(encoded).startsWith("b");
				assertThat(frame.binary()).isNotNull();
				continue;
			}
			assertThat(frame.text()).isEqualTo(encoded);
			if (frame.type() != EngineFrame.MESSAGE) {
				continue;
			}
			EngineFrame message = frame.withoutType();
			assertThat(message.text()).isEqualTo(encoded.substring(1));
			SocketIoPacket fromText;
			try {
				fromText = parser.parse(message.text());
				assertAcceptable(fromText);
			}
			catch (InvalidPacketException ex) {
				fromText = null;
			}
			if (packets.size() == 1 && isUtf8(input)) {
				// the same packet must read the same on both transports
				assertThat(fromText == null).as("refused on one transport only: %s", encoded)
					.isEqualTo(fromBytes == null);
				if (fromText != null) {
					assertThat(fromText).isEqualTo(fromBytes);
				}
				else {
					assertThat(bytesRefused).isNotNull();
				}
			}
		}
	}

	/**
	 * What {@link SocketIoConnection} relies on in an accepted packet.
	 * @param packet the packet
	 */
	private static void assertAcceptable(SocketIoPacket packet) {
		assertThat(packet.type()).isIn(SocketIoPacket.CONNECT, SocketIoPacket.DISCONNECT, SocketIoPacket.EVENT,
				SocketIoPacket.ACK, SocketIoPacket.BINARY_EVENT, SocketIoPacket.BINARY_ACK);
		assertThat(packet.namespace()).startsWith("/").doesNotContain("?").doesNotContain(",");
		if (packet.ackId() != null) {
			assertThat(packet.ackId()).isNotNegative();
		}
		if (packet.isAck()) {
			assertThat(packet.ackId()).as("ack id of %s", packet).isNotNull();
		}
		boolean binary = packet.type() == SocketIoPacket.BINARY_EVENT || packet.type() == SocketIoPacket.BINARY_ACK;
		assertThat(packet.attachments()).isBetween(0, binary ? 1000 : 0);
	}

	/**
	 * What {@link SocketIoConnection#onMessage(EngineFrame)} does with an accepted packet's
	 * payload: an event's and an ack's is a list, an event's starts with its name, a
	 * connect's is an object or nothing.
	 */
	private static void assertPayloadHandleable(SocketIoPacket packet, Object payload, List<byte[]> attachments) {
		assertPlainValue(payload, attachments);
		switch (packet.type()) {
			case SocketIoPacket.CONNECT -> assertThat(payload == null || payload instanceof Map).as("%s", packet)
				.isTrue();
			case SocketIoPacket.DISCONNECT -> assertThat(payload).isNull();
			case SocketIoPacket.EVENT, SocketIoPacket.BINARY_EVENT -> {
				assertThat(payload).isInstanceOf(List.class);
				List<?> list = (List<?>) payload;
				assertThat(list).isNotEmpty();
				assertThat(list.get(0)).isInstanceOfAny(String.class, Number.class);
				assertThat(String.valueOf(list.get(0))).isNotIn("connect", "connect_error", "disconnect",
						"disconnecting", "newListener", "removeListener");
			}
			case SocketIoPacket.ACK, SocketIoPacket.BINARY_ACK -> assertThat(payload).isInstanceOf(List.class);
			default -> fail("accepted packet type " + packet.type());
		}
	}

	/**
	 * Assert that a value is what Jackson would give a handler: maps with string keys, lists,
	 * strings, numbers, booleans, {@code null}, and attachments (the very arrays received).
	 */
	private static void assertPlainValue(Object value, List<byte[]> attachments) {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
			return;
		}
		if (value instanceof byte[] bytes) {
			assertThat(attachments.stream().anyMatch((attachment) -> attachment == bytes))
				.as("a byte[] that is not one of the attachments")
				.isTrue();
			return;
		}
		if (value instanceof List<?> list) {
			list.forEach((element) -> assertPlainValue(element, attachments));
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, element) -> {
				assertThat(key).isInstanceOf(String.class);
				assertPlainValue(element, attachments);
			});
			return;
		}
		fail("unexpected payload value of type " + value.getClass().getName());
	}

	/**
	 * An event the server accepted, sent back by the server's own writer, reads the same.
	 */
	private static void assertEventRoundTrips(SocketIoPacket packet, String name, List<?> payload)
			throws InvalidPacketException {
		Object[] args = payload.subList(1, payload.size()).toArray();
		List<EngineFrame> frames = writer.event(packet.namespace(), packet.ackId(), name, args);
		EngineFrame first = frames.get(0);
		assertThat(first.type()).isEqualTo(EngineFrame.MESSAGE);
		EngineFrame message = first.withoutType();
		SocketIoPacket echoed = parser.parse(message.utf8Buffer(), message.utf8Start());
		List<byte[]> buffers = frames.subList(1, frames.size()).stream().map(EngineFrame::binary).toList();
		assertThat(echoed.namespace()).isEqualTo(packet.namespace());
		assertThat(echoed.ackId()).isEqualTo(packet.ackId());
		assertThat(echoed.attachments()).isEqualTo(buffers.size());
		assertSameValue(echoed.payload(buffers), payload);
	}

	/**
	 * Assert that a value read back equals the one sent: numbers by value, byte arrays by
	 * content, maps in order.
	 */
	static void assertSameValue(Object actual, Object expected) {
		if (expected instanceof Double number && number.isInfinite()) {
			// a client's 1e400: Jackson writes the double back as the string "Infinity" (where
			// JSON.stringify would write null)
			assertThat(actual).isEqualTo(number.toString());
		}
		else if (expected instanceof Number number && actual instanceof Number other) {
			assertThat(decimal(other)).as("number").isEqualByComparingTo(decimal(number));
		}
		else if (expected instanceof byte[] bytes) {
			assertThat(actual).isInstanceOf(byte[].class);
			assertThat((byte[]) actual).isEqualTo(bytes);
		}
		else if (expected instanceof List<?> list) {
			assertThat(actual).isInstanceOf(List.class);
			List<?> other = (List<?>) actual;
			assertThat(other).hasSameSizeAs(list);
			for (int i = 0; i < list.size(); i++) {
				assertSameValue(other.get(i), list.get(i));
			}
		}
		else if (expected instanceof Map<?, ?> map) {
			assertThat(actual).isInstanceOf(Map.class);
			Map<?, ?> other = (Map<?, ?>) actual;
			assertThat(new ArrayList<Object>(other.keySet())).isEqualTo(new ArrayList<Object>(map.keySet()));
			map.forEach((key, value) -> assertSameValue(other.get(key), value));
		}
		else {
			assertThat(actual).isEqualTo(expected);
		}
	}

	private static BigDecimal decimal(Number number) {
		if (number instanceof BigDecimal decimal) {
			return decimal;
		}
		if (number instanceof BigInteger integer) {
			return new BigDecimal(integer);
		}
		if (number instanceof Double || number instanceof Float) {
			return BigDecimal.valueOf(number.doubleValue());
		}
		return BigDecimal.valueOf(number.longValue());
	}

	/**
	 * Split bytes at each separator, keeping empty parts.
	 */
	private static List<byte[]> split(byte[] input, byte separator) {
		List<byte[]> parts = new ArrayList<>();
		int from = 0;
		for (int i = 0; i <= input.length; i++) {
			if (i == input.length || input[i] == separator) {
				parts.add(Arrays.copyOfRange(input, from, i));
				from = i + 1;
			}
		}
		return parts;
	}

	private static boolean isUtf8(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
