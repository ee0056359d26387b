package dev.ioboot.adapter.redis;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.ioboot.adapter.redis.RedisAdapterCodec.CodecException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link RedisAdapterCodec}, against payloads captured from Node
 * ({@code @socket.io/redis-adapter} 8.3.0, {@code @socket.io/redis-emitter} 5.1.0).
 */
class RedisAdapterCodecTests {

	private static final String ADAPTER_HELLO = ""
			+ "93a661626331323383a47479706502a46461746193a568656c6c6fa5776f726c6401a36e"
			+ "7370a12f83a5726f6f6d7391a5726f6f6d31a665786365707491a5726f6f6d32a5666c61"
			+ "677380";

	private static final String EMITTER_HELLO = ""
			+ "93a7656d697474657283a47479706502a46461746193a568656c6c6fa5776f726c6401a3"
			+ "6e7370a12f83a5726f6f6d7391a5726f6f6d31a5666c61677380a665786365707491a572"
			+ "6f6f6d32";

	private static final String ADAPTER_BINARY = ""
			+ "93a661626331323383a47479706502a46461746193a362696ec40301020384a161cb3ff8"
			+ "000000000000a162ffa163c0a3626967cd012ca36e7370a12f83a5726f6f6d7390a66578"
			+ "6365707490a5666c61677380";

	private static final String EMITTER_BINARY = ""
			+ "93a7656d697474657283a47479706502a46461746192a362696ec403010203a36e7370a1"
			+ "2f83a5726f6f6d7390a5666c61677380a665786365707490";

	private static final String BROADCAST_REQUEST = ""
			+ "85a3756964a6616263313233a9726571756573744964a67a784c775478a47479706507a6"
			+ "7061636b657483a47479706502a46461746192a561636b6d65a171a36e7370a12fa46f70"
			+ "747383a5726f6f6d7390a665786365707490a5666c61677381a774696d656f7574cd03e8";

	private static final String BROADCAST_ACK = ""
			+ "83a47479706509a9726571756573744964a67a784c775478a67061636b6574ab61636b2d"
			+ "66726f6d2d6332";

	private final RedisAdapterCodec codec = new RedisAdapterCodec(new ObjectMapper());

	// ------------------------------------------------------------------ broadcasts

	@Test
	void encodeBroadcastMatchesNodeAdapter() {
		BroadcastMessage message = new BroadcastMessage("abc123", "/", "hello", List.of("world", 1), Set.of("room1"),
				Set.of("room2"), Map.of());
		assertThat(hex(this.codec.encodeBroadcast(message))).isEqualTo(ADAPTER_HELLO);
	}

	@Test
	void encodeBroadcastWithBinaryAndNumbersMatchesNodeAdapter() {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("a", 1.5);
		object.put("b", -1);
		object.put("c", null);
		object.put("big", 300);
		BroadcastMessage message = new BroadcastMessage("abc123", "/", "bin", List.of(new byte[] { 1, 2, 3 }, object),
				Set.of(), Set.of(), Map.of());
		assertThat(hex(this.codec.encodeBroadcast(message))).isEqualTo(ADAPTER_BINARY);
	}

	@Test
	void encodeBroadcastWritesIntegralDoublesAsIntegersLikeJavaScript() {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("a", 1.5f);
		object.put("b", -1.0);
		object.put("c", null);
		object.put("big", new BigInteger("300"));
		BroadcastMessage message = new BroadcastMessage("abc123", null, "bin",
				List.of(java.nio.ByteBuffer.wrap(new byte[] { 1, 2, 3 }), object), null, null, null);
		assertThat(hex(this.codec.encodeBroadcast(message))).isEqualTo(ADAPTER_BINARY);
	}

	@Test
	void encodeBroadcastWithFlags() {
		Map<String, Object> flags = new LinkedHashMap<>();
		flags.put("volatile", true);
		flags.put("compress", false);
		BroadcastMessage message = new BroadcastMessage("abc123", "/", "multi", List.of(),
				new LinkedHashSet<>(List.of("room1", "room2")), Set.of(), flags);
		assertThat(hex(this.codec.encodeBroadcast(message)))
			.isEqualTo("93a661626331323383a47479706502a46461746191a56d756c7469a36e7370a12f"
					+ "83a5726f6f6d7392a5726f6f6d31a5726f6f6d32a665786365707490a5666c616773"
					+ "82a8766f6c6174696c65c3a8636f6d7072657373c2");
	}

	@Test
	void encodeBroadcastOfPojoUsesObjectMapperAndKeepsBinary() {
		record Payload(String name, int count, byte[] blob, List<Double> values) {
		}
		BroadcastMessage message = new BroadcastMessage("abc123", "/admin", "pojo",
				List.of(new Payload("x", 7, new byte[] { 9 }, List.of(2.0, 0.25))), Set.of(), Set.of(), Map.of());
		BroadcastMessage decoded = this.codec.decodeBroadcast(this.codec.encodeBroadcast(message));
		assertThat(decoded.namespace()).isEqualTo("/admin");
		assertThat(decoded.args()).hasSize(1);
		@SuppressWarnings("unchecked")
		Map<String, Object> payload = (Map<String, Object>) decoded.args().get(0);
		assertThat(payload).containsOnlyKeys("name", "count", "blob", "values");
		assertThat(payload.get("name")).isEqualTo("x");
		assertThat(payload.get("count")).isEqualTo(7);
		assertThat((byte[]) payload.get("blob")).containsExactly(9);
		assertThat(payload.get("values")).isEqualTo(List.of(2, 0.25));
	}

	@Test
	void decodeAdapterBroadcast() {
		BroadcastMessage message = this.codec.decodeBroadcast(bytes(ADAPTER_HELLO));
		assertThat(message.uid()).isEqualTo("abc123");
		assertThat(message.namespace()).isEqualTo("/");
		assertThat(message.event()).isEqualTo("hello");
		assertThat(message.args()).containsExactly("world", 1);
		assertThat(message.rooms()).containsExactly("room1");
		assertThat(message.except()).containsExactly("room2");
		assertThat(message.flags()).isEmpty();
	}

	@Test
	void decodeEmitterBroadcast() {
		BroadcastMessage message = this.codec.decodeBroadcast(bytes(EMITTER_HELLO));
		assertThat(message).isEqualTo(new BroadcastMessage(RedisAdapterCodec.EMITTER_UID, "/", "hello",
				List.of("world", 1), Set.of("room1"), Set.of("room2"), Map.of()));
	}

	@Test
	void decodeEmitterBinaryBroadcast() {
		BroadcastMessage message = this.codec.decodeBroadcast(bytes(EMITTER_BINARY));
		assertThat(message.uid()).isEqualTo("emitter");
		assertThat(message.event()).isEqualTo("bin");
		assertThat(message.args()).hasSize(1);
		assertThat((byte[]) message.args().get(0)).containsExactly(1, 2, 3);
		assertThat(message.rooms()).isEmpty();
		assertThat(message.except()).isEmpty();
		assertThat(message.flags()).isEmpty();
	}

	@Test
	void decodeAdapterBinaryBroadcast() {
		BroadcastMessage message = this.codec.decodeBroadcast(bytes(ADAPTER_BINARY));
		assertThat((byte[]) message.args().get(0)).containsExactly(1, 2, 3);
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("a", 1.5);
		expected.put("b", -1);
		expected.put("c", null);
		expected.put("big", 300);
		assertThat(message.args().get(1)).isEqualTo(expected);
		assertThat(message.args().get(1)).isInstanceOf(LinkedHashMap.class);
	}

	@Test
	void decodeToleratesKeyOrderWideIntegersAndMissingFields() {
		// 93 "javanode" {data: ["hi", bin(ab)], type: uint8 2} {rooms: ["room1"]}
		byte[] payload = bytes("93" + "a8" + ascii("javanode") + "82" + "a4" + ascii("data") + "92a2" + ascii("hi")
				+ "c401ab" + "a4" + ascii("type") + "cc02" + "81" + "a5" + ascii("rooms") + "91a5" + ascii("room1"));
		BroadcastMessage message = this.codec.decodeBroadcast(payload);
		assertThat(message.uid()).isEqualTo("javanode");
		assertThat(message.namespace()).isEqualTo("/");
		assertThat(message.event()).isEqualTo("hi");
		assertThat((byte[]) message.args().get(0)).containsExactly(0xab);
		assertThat(message.rooms()).containsExactly("room1");
		assertThat(message.except()).isEmpty();
		assertThat(message.flags()).isEmpty();
	}

	@Test
	void decodeNumericRoomsAsStrings() {
		// ["n", {type: 2, data: ["e"], nsp: "/"}, {rooms: [123, 70000], except: [-5]}]
		byte[] payload = bytes("93a16e83a47479706502a46461746191a165a36e7370a12f82a5" + ascii("rooms")
				+ "927bce00011170a6" + ascii("except") + "91fb");
		BroadcastMessage message = this.codec.decodeBroadcast(payload);
		assertThat(message.rooms()).containsExactly("123", "70000");
		assertThat(message.except()).containsExactly("-5");
	}

	@Test
	void decodeValueTypes() {
		// ["n", {type: 2, data: ["e", uint64 max, int64 min, float32 0.5, true, timestamp32 1, ext 5, {1: "x"}]}, nil]
		String data = "98a165" + "cfffffffffffffffff" + "d38000000000000000" + "ca3f000000" + "c3" + "d6ff00000001"
				+ "d40501" + "8101a178";
		byte[] payload = bytes("93a16e82a47479706502a464617461" + data + "c0");
		BroadcastMessage message = this.codec.decodeBroadcast(payload);
		assertThat(message.args()).containsExactly(new BigInteger("18446744073709551615"), Long.MIN_VALUE, 0.5, true,
				Instant.ofEpochSecond(1), null, Map.of("1", "x"));
		assertThat(message.rooms()).isEmpty();
	}

	@Test
	void roundTripOfTimestampsAndLongs() {
		Instant time = Instant.parse("2026-11-23T12:18:30.604Z");
		BroadcastMessage message = new BroadcastMessage("abc123", "/", "t",
				List.of(time, 1L << 40, -(1L << 40), 4_000_000_000L), Set.of(), Set.of(), Map.of());
		byte[] payload = this.codec.encodeBroadcast(message);
		assertThat(hex(payload)).contains("d7ff" /* timestamp 64 */, "cf0000010000000000", "d3ffffff0000000000",
				"ceee6b2800");
		assertThat(this.codec.decodeBroadcast(payload).args()).containsExactly(time, 1L << 40, -(1L << 40),
				4_000_000_000L);
	}

	@Test
	void decodeBroadcastRejectsMalformedShapes() {
		assertMalformed(() -> this.codec.decodeBroadcast(new byte[0]));
		// not an array
		assertMalformed(() -> this.codec.decodeBroadcast(bytes("80")));
		// two elements
		assertMalformed(() -> this.codec.decodeBroadcast(bytes("92a16e80")));
		// uid not a string
		assertMalformed(() -> this.codec.decodeBroadcast(bytes("93018080")));
		// packet not a map
		assertMalformed(() -> this.codec.decodeBroadcast(bytes("93a16e9080")));
		// packet type 5
		assertMalformed(() -> this.codec.decodeBroadcast(bytes("93a16e82a47479706505a46461746191a16580")));
		// packet without type
		assertMalformed(() -> this.codec.decodeBroadcast(bytes("93a16e81a46461746191a16580")));
		// data not an array
		assertMalformed(() -> this.codec.decodeBroadcast(bytes("93a16e82a47479706502a464617461a16580")));
		// data empty
		assertMalformed(() -> this.codec.decodeBroadcast(bytes("93a16e82a47479706502a4646174619080")));
		// event not a string
		assertMalformed(() -> this.codec.decodeBroadcast(bytes("93a16e82a47479706502a4646174619101" + "80")));
		// opts not a map
		assertMalformed(() -> this.codec.decodeBroadcast(bytes("93a16e82a47479706502a46461746191a16590")));
		// trailing byte
		assertMalformed(() -> this.codec.decodeBroadcast(bytes(ADAPTER_HELLO + "00")));
		// JSON is not a broadcast
		assertMalformed(() -> this.codec.decodeBroadcast(utf8("{\"type\":2}")));
	}

	@Test
	void decodeBroadcastRejectsEveryTruncation() {
		for (String hex : List.of(ADAPTER_HELLO, EMITTER_HELLO, ADAPTER_BINARY, EMITTER_BINARY)) {
			byte[] payload = bytes(hex);
			for (int length = 0; length < payload.length; length++) {
				byte[] truncated = Arrays.copyOf(payload, length);
				assertMalformed(() -> this.codec.decodeBroadcast(truncated));
			}
		}
	}

	@Test
	void decodeRejectsForgedLengthsAndDeepNesting() {
		for (String hex : List.of("dd7fffffff", "dbffffffff", "c67fffffff", "df7fffffff", "c97fffffffff",
				"93a16edd7fffffff80", "c1", "")) {
			assertMalformed(() -> this.codec.decodeBroadcast(bytes(hex)));
			assertMalformed(() -> this.codec.decodeRequest(bytes(hex)));
			assertMalformed(() -> this.codec.decodeResponse(bytes(hex)));
		}
		byte[] deep = new byte[100_000];
		Arrays.fill(deep, (byte) 0x91);
		assertMalformed(() -> this.codec.decodeBroadcast(deep));
		byte[] deepJson = ("{\"a\":" + "[".repeat(50_000)).getBytes(StandardCharsets.UTF_8);
		assertMalformed(() -> this.codec.decodeRequest(deepJson));
	}

	@Test
	void decodeRandomBytesNeverFailsWithAnotherException() {
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			byte[] payload = new byte[random.nextInt(48)];
			random.nextBytes(payload);
			if (i % 3 == 0 && payload.length > 0) {
				payload[0] = (byte) (0x90 + random.nextInt(4));
			}
			if (i % 5 == 0 && payload.length > 0) {
				payload[0] = '{';
			}
			assertMalformedOrDecoded(() -> this.codec.decodeBroadcast(payload));
			assertMalformedOrDecoded(() -> this.codec.decodeRequest(payload));
			assertMalformedOrDecoded(() -> this.codec.decodeResponse(payload));
		}
		// mutations of valid payloads
		for (String hex : List.of(ADAPTER_HELLO, ADAPTER_BINARY, BROADCAST_REQUEST, BROADCAST_ACK)) {
			byte[] valid = bytes(hex);
			for (int i = 0; i < 5_000; i++) {
				byte[] payload = valid.clone();
				payload[random.nextInt(payload.length)] = (byte) random.nextInt(256);
				assertMalformedOrDecoded(() -> this.codec.decodeBroadcast(payload));
				assertMalformedOrDecoded(() -> this.codec.decodeRequest(payload));
				assertMalformedOrDecoded(() -> this.codec.decodeResponse(payload));
			}
		}
	}

	// ------------------------------------------------------------------ requests

	@Test
	void encodeJsonRequestsMatchNode() {
		assertThat(text(this.codec.encodeRemoteJoin("abc123", List.of("room1"), List.of(), List.of("room3"))))
			.isEqualTo(
					"{\"uid\":\"abc123\",\"type\":2,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"rooms\":[\"room3\"]}");
		assertThat(text(this.codec.encodeRemoteLeave("abc123", List.of("room3"), List.of("room2"), List.of("room3"))))
			.isEqualTo("{\"uid\":\"abc123\",\"type\":3,\"opts\":{\"rooms\":[\"room3\"],\"except\":[\"room2\"]},"
					+ "\"rooms\":[\"room3\"]}");
		assertThat(text(this.codec.encodeRemoteDisconnect("abc123", List.of("room1"), List.of(), false)))
			.isEqualTo(
					"{\"uid\":\"abc123\",\"type\":4,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"close\":false}");
		assertThat(text(this.codec.encodeFetchSocketsRequest("abc123", "MKWaaO", List.of("room2"), List.of())))
			.isEqualTo(
					"{\"uid\":\"abc123\",\"requestId\":\"MKWaaO\",\"type\":5,\"opts\":{\"rooms\":[\"room2\"],\"except\":[]}}");
		assertThat(text(this.codec.encodeAllRoomsRequest("abc123", "aUv4Yc")))
			.isEqualTo("{\"uid\":\"abc123\",\"requestId\":\"aUv4Yc\",\"type\":1}");
		assertThat(text(this.codec.encodeServerSideEmit("abc123", null, "ping", List.of(1, "two"))))
			.isEqualTo("{\"uid\":\"abc123\",\"type\":6,\"data\":[\"ping\",1,\"two\"]}");
		assertThat(text(this.codec.encodeServerSideEmit("abc123", "syfstd", "ping", List.of(3))))
			.isEqualTo("{\"uid\":\"abc123\",\"requestId\":\"syfstd\",\"type\":6,\"data\":[\"ping\",3]}");
		assertThat(text(this.codec.encodeSocketsRequest("abc123", "abcdef", List.of())))
			.isEqualTo("{\"uid\":\"abc123\",\"requestId\":\"abcdef\",\"type\":0,\"rooms\":[]}");
	}

	@Test
	void encodeEmitterStyleRequestsWithoutUid() {
		assertThat(text(this.codec.encodeRemoteJoin(null, List.of("room1"), List.of(), List.of("room9"))))
			.isEqualTo("{\"type\":2,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"rooms\":[\"room9\"]}");
		assertThat(text(this.codec.encodeRemoteLeave(null, List.of(), List.of("room2"), List.of("room9"))))
			.isEqualTo("{\"type\":3,\"opts\":{\"rooms\":[],\"except\":[\"room2\"]},\"rooms\":[\"room9\"]}");
		assertThat(text(this.codec.encodeRemoteDisconnect(null, List.of("room2"), List.of(), true)))
			.isEqualTo("{\"type\":4,\"opts\":{\"rooms\":[\"room2\"],\"except\":[]},\"close\":true}");
	}

	@Test
	void encodeJsonLikeJavaScript() {
		List<Object> args = new ArrayList<>();
		args.add(2.0);
		args.add(0.1);
		args.add(1e21);
		args.add(1e-7);
		args.add(12345678.5);
		args.add(Double.NaN);
		args.add(new byte[] { 1, (byte) 255 });
		args.add("q\"\\\n\u0001\u001f\ud800é😀");
		args.add(Instant.parse("2026-11-23T12:18:30Z"));
		assertThat(text(this.codec.encodeServerSideEmit("abc123", null, "e", args)))
			.isEqualTo("{\"uid\":\"abc123\",\"type\":6,\"data\":[\"e\",2,0.1,1e+21,1e-7,12345678.5,null,"
					+ "{\"type\":\"Buffer\",\"data\":[1,255]},\"q\\\"\\\\\\n\\u0001\\u001f\\ud800é😀\","
					+ "\"2026-11-23T12:18:30.000Z\"]}");
	}

	@Test
	void encodeBroadcastRequestMatchesNode() {
		BroadcastMessage message = new BroadcastMessage("abc123", "/", "ackme", List.of("q"), Set.of(), Set.of(),
				Map.of("timeout", 1000));
		assertThat(hex(this.codec.encodeBroadcastRequest("zxLwTx", message))).isEqualTo(BROADCAST_REQUEST);
	}

	@Test
	void decodeBroadcastRequest() {
		AdapterRequest request = this.codec.decodeRequest(bytes(BROADCAST_REQUEST));
		assertThat(request.type()).isEqualTo(RedisAdapterCodec.BROADCAST);
		assertThat(request.uid()).isEqualTo("abc123");
		assertThat(request.requestId()).isEqualTo("zxLwTx");
		assertThat(request.hasOpts()).isTrue();
		assertThat(request.optsRooms()).isEmpty();
		assertThat(request.optsExcept()).isEmpty();
		assertThat(request.flags()).containsExactly(Map.entry("timeout", 1000));
		assertThat(request.packet()).isEqualTo(new BroadcastMessage("abc123", "/", "ackme", List.of("q"), Set.of(),
				Set.of(), Map.of("timeout", 1000)));
	}

	@Test
	void decodeJsonRequests() {
		AdapterRequest join = decodeRequest(
				"{\"uid\":\"abc123\",\"type\":2,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"rooms\":[\"room3\"]}");
		assertThat(join.type()).isEqualTo(RedisAdapterCodec.REMOTE_JOIN);
		assertThat(join.uid()).isEqualTo("abc123");
		assertThat(join.requestId()).isNull();
		assertThat(join.hasOpts()).isTrue();
		assertThat(join.legacy()).isFalse();
		assertThat(join.optsRooms()).containsExactly("room1");
		assertThat(join.optsExcept()).isEmpty();
		assertThat(join.rooms()).containsExactly("room3");

		AdapterRequest leave = decodeRequest(
				"{\"type\":3,\"opts\":{\"rooms\":[],\"except\":[\"room2\"]},\"rooms\":[\"room9\"]}");
		assertThat(leave.type()).isEqualTo(RedisAdapterCodec.REMOTE_LEAVE);
		assertThat(leave.uid()).isNull();
		assertThat(leave.optsRooms()).isEmpty();
		assertThat(leave.optsExcept()).containsExactly("room2");
		assertThat(leave.rooms()).containsExactly("room9");

		AdapterRequest disconnect = decodeRequest(
				"{\"type\":4,\"opts\":{\"rooms\":[\"room2\"],\"except\":[]},\"close\":true}");
		assertThat(disconnect.type()).isEqualTo(RedisAdapterCodec.REMOTE_DISCONNECT);
		assertThat(disconnect.close()).isTrue();
		assertThat(disconnect.optsRooms()).containsExactly("room2");
		assertThat(decodeRequest(
				"{\"uid\":\"abc123\",\"type\":4,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"close\":false}")
			.close()).isFalse();

		AdapterRequest fetch = decodeRequest(
				"{\"uid\":\"abc123\",\"requestId\":\"MKWaaO\",\"type\":5,\"opts\":{\"rooms\":[\"room2\"],\"except\":[]}}");
		assertThat(fetch.type()).isEqualTo(RedisAdapterCodec.REMOTE_FETCH);
		assertThat(fetch.requestId()).isEqualTo("MKWaaO");
		assertThat(fetch.optsRooms()).containsExactly("room2");

		AdapterRequest allRooms = decodeRequest("{\"uid\":\"abc123\",\"requestId\":\"aUv4Yc\",\"type\":1}");
		assertThat(allRooms.type()).isEqualTo(RedisAdapterCodec.ALL_ROOMS);
		assertThat(allRooms.requestId()).isEqualTo("aUv4Yc");
		assertThat(allRooms.hasOpts()).isFalse();

		AdapterRequest emit = decodeRequest("{\"uid\":\"abc123\",\"type\":6,\"data\":[\"ping\",1,\"two\"]}");
		assertThat(emit.type()).isEqualTo(RedisAdapterCodec.SERVER_SIDE_EMIT);
		assertThat(emit.requestId()).isNull();
		assertThat(emit.data()).containsExactly("ping", 1, "two");
		assertThat(emit.event()).isEqualTo("ping");
		assertThat(emit.args()).containsExactly(1, "two");

		AdapterRequest emitWithAck = decodeRequest(
				"{\"uid\":\"abc123\",\"requestId\":\"syfstd\",\"type\":6,\"data\":[\"ping\",3]}");
		assertThat(emitWithAck.requestId()).isEqualTo("syfstd");
		assertThat(emitWithAck.args()).containsExactly(3);

		AdapterRequest emitter = decodeRequest("{\"uid\":\"emitter\",\"type\":6,\"data\":[\"ping\",\"e\"]}");
		assertThat(emitter.uid()).isEqualTo(RedisAdapterCodec.EMITTER_UID);
		assertThat(emitter.event()).isEqualTo("ping");

		AdapterRequest sockets = decodeRequest(
				"{\"uid\":\"abc123\",\"requestId\":\"abcdef\",\"type\":0,\"rooms\":[\"r\",5]}");
		assertThat(sockets.type()).isEqualTo(RedisAdapterCodec.SOCKETS);
		assertThat(sockets.rooms()).containsExactly("r", "5");

		AdapterRequest legacy = decodeRequest(
				"{\"uid\":\"abc123\",\"requestId\":\"abcdef\",\"type\":2,\"sid\":\"s1\",\"room\":\"r1\"}");
		assertThat(legacy.legacy()).isTrue();
		assertThat(legacy.sid()).isEqualTo("s1");
		assertThat(legacy.room()).isEqualTo("r1");
	}

	@Test
	void encodedRequestsDecodeBack() {
		AdapterRequest emit = this.codec.decodeRequest(this.codec.encodeServerSideEmit("abc123", "syfstd", "ping",
				List.of(Map.of("k", List.of(1.5, "v")), new byte[] { 1 })));
		assertThat(emit.event()).isEqualTo("ping");
		assertThat(emit.args().get(0)).isEqualTo(Map.of("k", List.of(1.5, "v")));
		assertThat(emit.args().get(1)).isEqualTo(Map.of("type", "Buffer", "data", List.of(1)));
		AdapterRequest fetch = this.codec
			.decodeRequest(this.codec.encodeFetchSocketsRequest("abc123", "abcdef", Set.of("a"), Set.of("b")));
		assertThat(fetch.optsRooms()).containsExactly("a");
		assertThat(fetch.optsExcept()).containsExactly("b");
	}

	@Test
	void decodeRequestRejectsMalformedInput() {
		for (String json : List.of("{", "{\"type\":", "{\"type\":2", "{}", "{\"type\":\"2\"}", "{\"type\":2.5}",
				"{\"type\":2}}", "{\"type\":2} x", "{\"type\":6}", "{\"type\":6,\"data\":[]}",
				"{\"type\":6,\"data\":[1]}", "{\"type\":6,\"data\":\"ping\"}", "{\"type\":7}",
				"{\"type\":7,\"packet\":{\"type\":2,\"data\":[]}}", "{'type':1}", "{\"type\":1,}", "{\"a\":NaN}",
				"{\"type\":1}\u0000")) {
			assertMalformed(() -> this.codec.decodeRequest(utf8(json)));
		}
		assertMalformed(() -> this.codec.decodeRequest(bytes("91a16e")));
		assertMalformed(() -> this.codec.decodeRequest(bytes("81a474797065a17a")));
		assertMalformed(() -> this.codec.decodeRequest(null));
		byte[] request = bytes(BROADCAST_REQUEST);
		for (int length = 0; length < request.length; length++) {
			byte[] truncated = Arrays.copyOf(request, length);
			assertMalformed(() -> this.codec.decodeRequest(truncated));
		}
	}

	// ------------------------------------------------------------------ responses

	@Test
	void encodeJsonResponsesMatchNode() {
		assertThat(text(this.codec.encodeServerSideEmitResponse("syfstd", List.of(Map.of("pong", 39102), "ignored"))))
			.isEqualTo("{\"type\":6,\"requestId\":\"syfstd\",\"data\":{\"pong\":39102}}");
		assertThat(text(this.codec.encodeServerSideEmitResponse("syfstd", List.of())))
			.isEqualTo("{\"type\":6,\"requestId\":\"syfstd\"}");
		assertThat(text(this.codec.encodeBroadcastClientCount("zxLwTx", 2)))
			.isEqualTo("{\"type\":8,\"requestId\":\"zxLwTx\",\"clientCount\":2}");
		assertThat(text(this.codec.encodeAllRoomsResponse("aUv4Yc",
				List.of("c547jG9F_mPJdEsiAAAB", "room1", "room2", "XdOljBGKSfwHzEb2AAAC", "room3"))))
			.isEqualTo("{\"requestId\":\"aUv4Yc\",\"rooms\":[\"c547jG9F_mPJdEsiAAAB\",\"room1\",\"room2\","
					+ "\"XdOljBGKSfwHzEb2AAAC\",\"room3\"]}");
		assertThat(text(this.codec.encodeLegacyResponse("abcdef"))).isEqualTo("{\"requestId\":\"abcdef\"}");
		assertThat(text(this.codec.encodeSocketsResponse("abcdef", List.of("s1", "s2"))))
			.isEqualTo("{\"requestId\":\"abcdef\",\"sockets\":[\"s1\",\"s2\"]}");
	}

	@Test
	void encodeFetchSocketsResponseMatchesNode() {
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("name", "c2");
		query.put("EIO", "4");
		query.put("transport", "websocket");
		Instant time = Instant.ofEpochMilli(1795436310604L);
		Map<String, Object> handshake = RedisAdapterCodec.handshake(Map.of("host", "127.0.0.1:39102"), time,
				"127.0.0.1", false, false, "/socket.io/?name=c2&EIO=4&transport=websocket", query,
				Map.of("token", "c2"));
		Map<String, Object> socket = RedisAdapterCodec.socketDetails("c547jG9F_mPJdEsiAAAB", handshake,
				List.of("c547jG9F_mPJdEsiAAAB", "room1", "room2"), Map.of());
		assertThat(text(this.codec.encodeSocketsResponse("MKWaaO", List.of(socket))))
			.isEqualTo("{\"requestId\":\"MKWaaO\",\"sockets\":[{\"id\":\"c547jG9F_mPJdEsiAAAB\",\"handshake\":{"
					+ "\"headers\":{\"host\":\"127.0.0.1:39102\"},"
					+ "\"time\":\"Mon Nov 23 2026 12:18:30 GMT+0000 (Coordinated Universal Time)\","
					+ "\"address\":\"127.0.0.1\",\"xdomain\":false,\"secure\":false,\"issued\":1795436310604,"
					+ "\"url\":\"/socket.io/?name=c2&EIO=4&transport=websocket\","
					+ "\"query\":{\"name\":\"c2\",\"EIO\":\"4\",\"transport\":\"websocket\"},\"auth\":{\"token\":\"c2\"}},"
					+ "\"rooms\":[\"c547jG9F_mPJdEsiAAAB\",\"room1\",\"room2\"],\"data\":{}}]}");
	}

	@Test
	void jsDates() {
		assertThat(RedisAdapterCodec.formatDate(Instant.parse("2026-11-03T01:02:03.456Z")))
			.isEqualTo("Tue Nov 03 2026 01:02:03 GMT+0000 (Coordinated Universal Time)");
		assertThat(RedisAdapterCodec.parseDate("Mon Nov 23 2026 12:18:30 GMT+0000 (Coordinated Universal Time)"))
			.isEqualTo(Instant.parse("2026-11-23T12:18:30Z"));
		assertThat(RedisAdapterCodec.parseDate("Mon Nov 23 2026 13:18:30 GMT+0100 (Central European Standard Time)"))
			.isEqualTo(Instant.parse("2026-11-23T12:18:30Z"));
		assertThat(RedisAdapterCodec.parseDate("yesterday")).isNull();
		assertThat(RedisAdapterCodec.parseDate(null)).isNull();
	}

	@Test
	void encodeBroadcastAckMatchesNode() {
		assertThat(hex(this.codec.encodeBroadcastAck("zxLwTx", List.of("ack-from-c2")))).isEqualTo(BROADCAST_ACK);
		assertThat(hex(this.codec.encodeBroadcastAck("zxLwTx", List.of())))
			.isEqualTo("82a47479706509a9726571756573744964a67a784c775478");
	}

	@Test
	void decodeResponses() {
		AdapterResponse ack = this.codec.decodeResponse(bytes(BROADCAST_ACK));
		assertThat(ack.type()).isEqualTo(RedisAdapterCodec.BROADCAST_ACK);
		assertThat(ack.requestId()).isEqualTo("zxLwTx");
		assertThat(ack.packet()).isEqualTo("ack-from-c2");

		AdapterResponse count = decodeResponse("{\"type\":8,\"requestId\":\"zxLwTx\",\"clientCount\":2}");
		assertThat(count.type()).isEqualTo(RedisAdapterCodec.BROADCAST_CLIENT_COUNT);
		assertThat(count.requestId()).isEqualTo("zxLwTx");
		assertThat(count.clientCount()).isEqualTo(2);

		AdapterResponse emit = decodeResponse("{\"type\":6,\"requestId\":\"syfstd\",\"data\":{\"pong\":39102}}");
		assertThat(emit.type()).isEqualTo(RedisAdapterCodec.SERVER_SIDE_EMIT);
		assertThat(emit.data()).isEqualTo(Map.of("pong", 39102));

		AdapterResponse rooms = decodeResponse(
				"{\"requestId\":\"aUv4Yc\",\"rooms\":[\"c547jG9F_mPJdEsiAAAB\",\"room1\"]}");
		assertThat(rooms.type()).isEqualTo(AdapterResponse.NO_TYPE);
		assertThat(rooms.requestId()).isEqualTo("aUv4Yc");
		assertThat(rooms.rooms()).containsExactly("c547jG9F_mPJdEsiAAAB", "room1");
		assertThat(rooms.sockets()).isNull();

		AdapterResponse fetch = decodeResponse(
				"{\"requestId\":\"MKWaaO\",\"sockets\":[{\"id\":\"c547jG9F_mPJdEsiAAAB\","
				+ "\"handshake\":{\"headers\":{\"host\":\"127.0.0.1:39102\"},"
				+ "\"time\":\"Mon Nov 23 2026 12:18:30 GMT+0000 (Coordinated Universal Time)\",\"address\":\"127.0.0.1\","
				+ "\"xdomain\":false,\"secure\":false,\"issued\":1795436310604,\"url\":\"/socket.io/?EIO=4\","
				+ "\"query\":{\"EIO\":\"4\"},\"auth\":{}},\"rooms\":[\"c547jG9F_mPJdEsiAAAB\",\"room1\"],\"data\":{}}]}");
		assertThat(fetch.sockets()).hasSize(1);
		@SuppressWarnings("unchecked")
		Map<String, Object> socket = (Map<String, Object>) fetch.sockets().get(0);
		assertThat(socket).containsOnlyKeys("id", "handshake", "rooms", "data");
		@SuppressWarnings("unchecked")
		Map<String, Object> handshake = (Map<String, Object>) socket.get("handshake");
		assertThat(handshake.get("issued")).isEqualTo(1795436310604L);
		assertThat(handshake.get("xdomain")).isEqualTo(false);

		AdapterResponse missing = decodeResponse("{\"requestId\":\"MKWaaO\",\"sockets\":\"nope\"}");
		assertThat(missing.sockets()).isNull();
		assertThat(missing.rooms()).isNull();
		assertThat(missing.clientCount()).isNull();
	}

	@Test
	void decodeResponseRejectsMalformedInput() {
		for (String json : List.of("{", "{\"requestId\":", "{\"requestId\":\"x\"", "{\"requestId\":\"x\"}]", "{x}")) {
			assertMalformed(() -> this.codec.decodeResponse(utf8(json)));
		}
		assertMalformed(() -> this.codec.decodeResponse(utf8("[1]")));
		byte[] ack = bytes(BROADCAST_ACK);
		for (int length = 0; length < ack.length; length++) {
			byte[] truncated = Arrays.copyOf(ack, length);
			assertMalformed(() -> this.codec.decodeResponse(truncated));
		}
	}

	// ------------------------------------------------------------------ ids and channels

	@Test
	void newIdHasSixUrlSafeCharacters() {
		Set<String> ids = new LinkedHashSet<>();
		for (int i = 0; i < 1000; i++) {
			String id = RedisAdapterCodec.newId();
			assertThat(id).matches("[A-Za-z0-9_-]{6}").isNotEqualTo(RedisAdapterCodec.EMITTER_UID);
			ids.add(id);
		}
		assertThat(ids).hasSizeGreaterThan(990);
	}

	@Test
	void channels() {
		assertThat(RedisAdapterCodec.broadcastChannel("socket.io", "/")).isEqualTo("socket.io#/#");
		assertThat(RedisAdapterCodec.roomChannel("socket.io", "/", "room1")).isEqualTo("socket.io#/#room1#");
		assertThat(RedisAdapterCodec.requestChannel("socket.io", "/admin")).isEqualTo("socket.io-request#/admin#");
		assertThat(RedisAdapterCodec.responseChannel("socket.io", "/")).isEqualTo("socket.io-response#/#");
		assertThat(RedisAdapterCodec.specificResponseChannel("socket.io", "/", "abc123"))
			.isEqualTo("socket.io-response#/#abc123#");
		assertThat(RedisAdapterCodec.pattern("socket.io", "/admin")).isEqualTo("socket.io#/admin#*");
		assertThat(RedisAdapterCodec.channelFor("k", "/", Set.of("room1"))).isEqualTo("k#/#room1#");
		assertThat(RedisAdapterCodec.channelFor("k", "/", Set.of())).isEqualTo("k#/#");
		assertThat(RedisAdapterCodec.channelFor("k", "/", List.of("a", "b"))).isEqualTo("k#/#");
		assertThat(RedisAdapterCodec.roomOf("k#/#room1#", "k", "/")).isEqualTo("room1");
		assertThat(RedisAdapterCodec.roomOf("k#/#c547jG9F_mPJdEsiAAAB#", "k", "/")).isEqualTo("c547jG9F_mPJdEsiAAAB");
		assertThat(RedisAdapterCodec.roomOf("k#/#", "k", "/")).isEmpty();
		assertThat(RedisAdapterCodec.roomOf("k#/admin#x#", "k", "/")).isNull();
		assertThat(RedisAdapterCodec.roomOf("k#/admin#x#", "k", "/admin")).isEqualTo("x");
	}

	// ------------------------------------------------------------------ helpers

	private AdapterRequest decodeRequest(String json) {
		return this.codec.decodeRequest(utf8(json));
	}

	private AdapterResponse decodeResponse(String json) {
		return this.codec.decodeResponse(utf8(json));
	}

	private static void assertMalformed(Runnable decode) {
		assertThatExceptionOfType(CodecException.class).isThrownBy(decode::run);
	}

	private static void assertMalformedOrDecoded(Runnable decode) {
		Throwable thrown = catchThrowable(decode::run);
		if (thrown != null) {
			assertThat(thrown).isExactlyInstanceOf(CodecException.class);
		}
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	private static byte[] bytes(String hex) {
		return HexFormat.of().parseHex(hex.replace(" ", ""));
	}

	private static String ascii(String text) {
		return hex(text.getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
