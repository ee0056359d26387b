package dev.ioboot.server.socket;

import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ioboot.server.engine.EngineFrame;
import dev.ioboot.server.engine.InvalidPacketException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link MsgpackPacketEncoder} and {@link MsgpackPacketDecoder}: packets byte for
 * byte as {@code socket.io-msgpack-parser} 3.0 writes them (fixtures written by
 * {@code e2e/fixtures/msgpack-fixtures.mjs}), values as the JSON parser reads them, and
 * hostile input.
 */
class MsgpackPacketCodecTests {

	private static final HexFormat HEX = HexFormat.of();

	private static Map<String, String> fixtures;

	private final ObjectMapper mapper = new ObjectMapper();

	private final MsgpackPacketEncoder encoder = new MsgpackPacketEncoder(this.mapper);

	private final MsgpackPacketDecoder decoder = new MsgpackPacketDecoder(this.mapper);

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void readFixtures() throws Exception {
		try (InputStream in = MsgpackPacketCodecTests.class.getResourceAsStream("msgpack-fixtures.json")) {
			fixtures = new ObjectMapper().readValue(in, Map.class);
		}
		assertThat(fixtures.get("generatedBy")).startsWith("socket.io-msgpack-parser 3.0.");
	}

	// ---- encoding: byte for byte as socket.io 4.8 with socket.io-msgpack-parser

	@Test
	void writesEventsAsNodeDoes() {
		assertWritten("event_no_args", this.encoder.event("/", null, "hello"));
		assertWritten("event_with_ack", this.encoder.event("/custom", 7L, "ask", "q"));
		assertWritten("event_large_ack", this.encoder.event("/", 4294967296L, "ask"));
	}

	@Test
	void writesNumbersStringsAndContainersAsNotepackDoes() {
		assertWritten("event_values", this.encoder.event("/", null, "values", 0, 127, 128, 255, 256, 65535, 65536,
				4294967295L, 4294967296L, 9007199254740992L, -1, -32, -33, -128, -129, -32768, -32769, -2147483648,
				-2147483649L, -9007199254740991L, 1.5, -0.25, 0.1, "", "abc", "é€😀", true, false, null, List.of(),
				Map.of(), map("a", 1, "b", List.of(1, "x"))));
		List<Integer> sixteen = IntStream.range(0, 16).boxed().toList();
		Map<String, Object> sixteenKeys = new LinkedHashMap<>();
		sixteen.forEach((i) -> sixteenKeys.put("k" + i, i));
		assertWritten("event_sizes", this.encoder.event("/", null, "sizes", "s".repeat(31), "s".repeat(32),
				"s".repeat(255), "s".repeat(256), "s".repeat(65536), sixteen, sixteenKeys));
	}

	@Test
	void writesSpecialNumbersAndDatesAsNotepackDoes() {
		assertWritten("event_specials", this.encoder.event("/", null, "specials", Double.NaN,
				Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Instant.ofEpochMilli(1700000000123L),
				new Date(-1)));
	}

	@Test
	void writesBinaryInPlace() {
		List<EngineFrame> frames = this.encoder.event("/", null, "bin", bytes(3, 1), Map.of("nested", bytes(300, 0)),
				List.of(new byte[0]), bytes(70000, 7));
		assertWritten("event_binary", frames);
		assertThat(frames).singleElement().satisfies((frame) -> assertThat(frame.isBinary()).isTrue());
	}

	@Test
	void writesAcksConnectsErrorsAndDisconnectsAsNodeDoes() {
		assertWritten("ack", this.encoder.ack("/", 3, "ok", Map.of("n", 1)));
		assertWritten("ack_empty", this.encoder.ack("/custom", 0));
		assertWritten("connect", this.encoder.connect("/", "AbC-123_xyz"));
		assertWritten("connect_pid", this.encoder.connect("/custom", map("sid", "s1", "pid", "p1")));
		assertWritten("connect_error", this.encoder.connectError("/nowhere", "Invalid namespace", null));
		assertWritten("connect_error_data",
				this.encoder.connectError("/", "not authorized", map("code", 401, "retry", false)));
		assertWritten("disconnect", this.encoder.disconnect("/custom"));
	}

	@Test
	void writesJavaNumbersAsTheJavaScriptNumbersOfTheirJson() {
		// what JSON.parse makes of Jackson's JSON: 2.0 is 2, 0.1f is 0.1
		assertThat(written(2.0)).isEqualTo(written(2));
		assertThat(written(0.1f)).isEqualTo(written(0.1));
		assertThat(written(new BigDecimal("12.50"))).isEqualTo(written(12.5));
		assertThat(written(new BigDecimal("1E+3"))).isEqualTo(written(1000));
		assertThat(written((short) 300)).isEqualTo(written(300L));
		assertThat(written(new BigInteger("18446744073709551615"))).isEqualTo("cfffffffffffffffff");
		assertThat(written(new BigInteger("18446744073709551616"))).isEqualTo("cb43f0000000000000");
		assertThat(written(1e300)).isEqualTo("cb7e37e43c8800759c");
	}

	@Test
	void writesOtherValuesAsTheMapperDoesThenAsTheirTree() {
		Map<Integer, String> numbered = new LinkedHashMap<>();
		numbered.put(1, "one");
		Object decoded = roundTrip(new Part("p", new byte[] { 5 }, Kind.SMALL), numbered, 'c',
				new StringBuilder("sb"), new int[] { 1, 2 }, new Object[] { "a", null });
		assertValues(decoded, List.of(map("name", "p", "data", new byte[] { 5 }, "kind", "SMALL"), Map.of("1", "one"),
				"c", "sb", List.of(1, 2), Arrays.asList("a", null)));
	}

	@Test
	void writesLoneSurrogatesAsReplacementCharacters() {
		assertThat(written("a\ud800b")).isEqualTo("a5" + "61efbfbd62");
	}

	@Test
	void refusesValuesNestedDeeperThanTheMapperWrites() {
		Object deep = "x";
		for (int i = 0; i < 1001; i++) {
			deep = List.of(deep);
		}
		Object tooDeep = deep;
		assertThatIllegalArgumentException().isThrownBy(() -> this.encoder.event("/", null, "deep", tooDeep))
			.withMessageContaining("nested deeper");
	}

	// ---- decoding: what socket.io-client 4.8 with socket.io-msgpack-parser sends

	@Test
	void readsAConnectWithoutAuthWhoseDataIsUndefined() throws Exception {
		SocketIoPacket packet = read("client_connect");
		assertThat(packet.type()).isEqualTo(SocketIoPacket.CONNECT);
		assertThat(packet.namespace()).isEqualTo("/");
		assertThat(packet.payload(List.of())).isNull();
	}

	@Test
	void readsAConnectWithAuth() throws Exception {
		SocketIoPacket packet = read("client_connect_auth");
		assertThat(packet.namespace()).isEqualTo("/custom");
		assertThat(packet.payload(List.of())).isEqualTo(map("token", "t", "n", 2));
	}

	@Test
	void readsAnEventWithAckIdAndBinaryIgnoringTheClientsOptions() throws Exception {
		SocketIoPacket packet = read("client_event");
		assertThat(packet.isEvent()).isTrue();
		assertThat(packet.ackId()).isEqualTo(4L);
		assertThat(packet.attachments()).isZero();
		assertValues(packet.payload(List.of()), List.of("echo", 1, "a", bytes(4, 0)));
	}

	@Test
	void readsJavaScriptValuesAsTheJsonParserWouldReadTheirJson() throws Exception {
		assertValues(read("client_event_types").payload(List.of()), List.of("types", new byte[] { 9, 8 },
				Arrays.asList(null, 1), Map.of("k", 1), "1970-01-01T00:00:00.000Z", 2.5, -7, 4294967296L));
	}

	@Test
	void readsANumericEventName() throws Exception {
		assertThat(read("client_event_numeric_name").payload(List.of())).isEqualTo(List.of(42, "x"));
	}

	@Test
	void readsAnAckAndADisconnect() throws Exception {
		SocketIoPacket ack = read("client_ack");
		assertThat(ack.isAck()).isTrue();
		assertThat(ack.ackId()).isEqualTo(2L);
		assertThat(ack.payload(List.of())).isEqualTo(List.of(Map.of("ok", true)));
		SocketIoPacket disconnect = read("client_disconnect");
		assertThat(disconnect.type()).isEqualTo(SocketIoPacket.DISCONNECT);
		assertThat(disconnect.namespace()).isEqualTo("/custom");
	}

	@Test
	void readsWhatOtherEncodersMayWrite() throws Exception {
		// float32, integral float64, int64 and uint64 forms of small numbers, NaN, a timestamp
		// extension that is not notepack's date, an object shaped like a placeholder
		Object payload = this.decoder
			.parseBinary(message("02", "a12f", "99" + "a165" + "ca3fc00000" + "cb4000000000000000" + "d30000000000000005"
					+ "cf0000000000000006" + "cb7ff8000000000000" + "d6ff00000001" + "cffffffffffffffffe"
					+ "82ac5f706c616365686f6c646572c3a36e756d00"))
			.payload(List.of());
		assertValues(payload, Arrays.asList("e", 1.5, 2, 5, 6, null, List.of(-1, new byte[] { 0, 0, 0, 1 }),
				new BigInteger("18446744073709551614"), map("_placeholder", true, "num", 0)));
	}

	@Test
	void readsNestingJustUnderTheJsonParsersLimit() throws Exception {
		// the event's array and 999 more: 1,000 levels, the most Jackson reads by default
		String data = "92a165" + "91".repeat(999) + "c0";
		assertThat(this.decoder.parseBinary(message("02", "a12f", data)).isEvent()).isTrue();
		assertThatExceptionOfType(InvalidPacketException.class)
			.isThrownBy(() -> this.decoder.parseBinary(message("02", "a12f", "92a165" + "91".repeat(1000) + "c0")))
			.withMessageContaining("nested deeper");
	}

	@Test
	void roundTripsEventsAndAcks() throws Exception {
		Object[] args = { 1, -70000, 4294967296L, 0.5, "é€😀", true, null, bytes(5, 3),
				map("list", List.of(1, map("b", bytes(2, 9))), "empty", Map.of()) };
		SocketIoPacket event = this.decoder.parseBinary(this.encoder.event("/custom", 9L, "echo", args).get(0).binary());
		assertThat(event.namespace()).isEqualTo("/custom");
		assertThat(event.ackId()).isEqualTo(9L);
		List<Object> expected = new ArrayList<>(List.of("echo"));
		expected.addAll(Arrays.asList(args));
		assertValues(event.payload(List.of()), expected);
		SocketIoPacket ack = this.decoder.parseBinary(this.encoder.ack("/", 4, args).get(0).binary());
		assertThat(ack.isAck()).isTrue();
		assertValues(ack.payload(List.of()), Arrays.asList(args));
	}

	// ---- hostile input: InvalidPacketException, never another exception

	static Stream<Arguments> invalidPackets() {
		return Stream.of(Arguments.of("empty message", ""),
				Arguments.of("not a map", "93a165a166a167"),
				Arguments.of("nil", "c0"),
				Arguments.of("never used byte 0xc1", "c1"),
				Arguments.of("trailing byte", packet("02", "a12f", "91a165") + "c0"),
				Arguments.of("no type", "82a36e7370a12fa46461746191a165"),
				Arguments.of("type as string", packet("a132", "a12f", "91a165")),
				Arguments.of("fractional type", packet("cb4004000000000000", "a12f", "91a165")),
				Arguments.of("negative type", packet("ff", "a12f", "91a165")),
				Arguments.of("BINARY_EVENT type", packet("05", "a12f", "91a165")),
				Arguments.of("BINARY_ACK type", packet("06", "a12f", "91a165")),
				Arguments.of("unknown type 7", packet("07", "a12f", "91a165")),
				Arguments.of("CONNECT_ERROR from a client", packet("04", "a12f", "81a76d657373616765a178")),
				Arguments.of("no namespace", "82a47479706502a46461746191a165"),
				Arguments.of("namespace as integer", packet("02", "01", "91a165")),
				Arguments.of("namespace as nil", packet("02", "c0", "91a165")),
				Arguments.of("event that is a map", packet("02", "a12f", "81a165a166")),
				Arguments.of("event that is a string", packet("02", "a12f", "a165")),
				Arguments.of("event without data", "82a47479706502a36e7370a12f"),
				Arguments.of("event without a name", packet("02", "a12f", "90")),
				Arguments.of("event named nil", packet("02", "a12f", "91c0")),
				Arguments.of("event named by a map", packet("02", "a12f", "9180")),
				Arguments.of("reserved event name", packet("02", "a12f", "91aa646973636f6e6e656374")),
				Arguments.of("CONNECT with an array", packet("00", "a12f", "90")),
				Arguments.of("DISCONNECT with data", packet("01", "a12f", "90")),
				Arguments.of("ACK without an id", packet("03", "a12f", "90")),
				Arguments.of("ACK that is a map", withId(packet("03", "a12f", "80"), "01")),
				Arguments.of("negative id", withId(packet("02", "a12f", "91a165"), "ff")),
				Arguments.of("id as string", withId(packet("02", "a12f", "91a165"), "a131")),
				Arguments.of("fractional id", withId(packet("02", "a12f", "91a165"), "cb3ff8000000000000")),
				Arguments.of("id above the 64-bit range", withId(packet("02", "a12f", "91a165"), "cfffffffffffffffff")),
				Arguments.of("map key that is not a string", "8101c0"),
				Arguments.of("100,000 nested arrays", packet("02", "a12f", "92a165" + "91".repeat(100_000) + "c0")),
				Arguments.of("string declaring 4 GB", packet("02", "a12f", "92a165dbffffffff")),
				Arguments.of("binary declaring 2 GB", packet("02", "a12f", "92a165c67fffffff")),
				Arguments.of("extension declaring 4 GB", packet("02", "a12f", "92a165c9ffffffff00")),
				Arguments.of("array declaring 4 billion elements", packet("02", "a12f", "dd ffffffff".replace(" ", ""))),
				Arguments.of("map declaring 4 billion entries", "dfffffffff"),
				Arguments.of("array declaring more elements than bytes", packet("02", "a12f", "dc0100a165")),
				Arguments.of("map declaring more entries than bytes", "de0100a174"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidPackets")
	void invalidPacketsAreRejected(String description, String hex) {
		assertThatExceptionOfType(InvalidPacketException.class)
			.isThrownBy(() -> this.decoder.parseBinary(HEX.parseHex(hex)));
	}

	@Test
	void everyTruncationOfAValidPacketIsRejected() {
		for (String name : List.of("client_connect", "client_connect_auth", "client_event", "client_event_types",
				"client_ack", "event_values", "event_binary")) {
			byte[] message = HEX.parseHex(fixtures.get(name));
			for (int length = 0; length < message.length; length++) {
				byte[] truncated = Arrays.copyOf(message, length);
				assertThatExceptionOfType(InvalidPacketException.class).as("%s cut to %d bytes", name, length)
					.isThrownBy(() -> this.decoder.parseBinary(truncated));
			}
		}
	}

	@Test
	void mutatedPacketsRaiseNothingButInvalidPacketException() {
		Random random = new Random(14);
		List<byte[]> seeds = fixtures.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith("client_") || entry.getKey().startsWith("event_values"))
			.map((entry) -> HEX.parseHex(entry.getValue()))
			.toList();
		for (int i = 0; i < 50_000; i++) {
			byte[] message = seeds.get(random.nextInt(seeds.size())).clone();
			for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
				message[random.nextInt(message.length)] = (byte) random.nextInt(256);
			}
			try {
				SocketIoPacket packet = this.decoder.parseBinary(message);
				packet.payload(List.of());
			}
			catch (InvalidPacketException ex) {
				// expected for most
			}
		}
	}

	@Test
	void textMessagesAreRejected() {
		byte[] text = "2[\"echo\"]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThatExceptionOfType(InvalidPacketException.class).isThrownBy(() -> this.decoder.parse(text, 0));
		assertThat(this.decoder.readsAttachments()).isFalse();
	}

	// ---- helpers

	private static void assertValues(Object actual, Object expected) {
		assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
	}

	private SocketIoPacket read(String fixture) throws InvalidPacketException {
		return this.decoder.parseBinary(HEX.parseHex(fixtures.get(fixture)));
	}

	private static void assertWritten(String fixture, List<EngineFrame> frames) {
		assertThat(frames).hasSize(1);
		assertThat(HEX.formatHex(frames.get(0).binary())).as(fixture).isEqualTo(fixtures.get(fixture));
	}

	/**
	 * The bytes of one value as the encoder writes it inside an ACK's data.
	 */
	private String written(Object value) {
		String ack = HEX.formatHex(this.encoder.ack("/", 0, value).get(0).binary());
		// 84 a2 "id" 00 a4 "type" 03 a4 "data" 91 <value> a3 "nsp" a1 "/"
		String prefix = "84a2696400a47479706503a46461746191";
		String suffix = "a36e7370a12f";
		assertThat(ack).startsWith(prefix).endsWith(suffix);
		return ack.substring(prefix.length(), ack.length() - suffix.length());
	}

	private Object roundTrip(Object... args) {
		try {
			List<?> payload = (List<?>) this.decoder.parseBinary(this.encoder.ack("/", 0, args).get(0).binary())
				.payload(List.of());
			return payload;
		}
		catch (InvalidPacketException ex) {
			throw new AssertionError(ex);
		}
	}

	/**
	 * A packet map: {@code type}, {@code nsp}, {@code data}, each given as MessagePack hex.
	 */
	private static String packet(String type, String namespace, String data) {
		return "83" + "a474797065" + type + "a36e7370" + namespace + "a464617461" + data;
	}

	private static byte[] message(String type, String namespace, String data) {
		return HEX.parseHex(packet(type, namespace, data));
	}

	private static String withId(String packet, String id) {
		return "84" + packet.substring(2) + "a26964" + id;
	}

	private static byte[] bytes(int length, int seed) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) ((i + seed) % 256);
		}
		return bytes;
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	record Part(String name, byte[] data, Kind kind) {
	}

	enum Kind {

		SMALL

	}

}
