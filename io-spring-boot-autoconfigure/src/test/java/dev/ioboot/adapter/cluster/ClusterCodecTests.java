package dev.ioboot.adapter.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link ClusterCodec}, against the bytes Node's adapters write. The fixtures in
 * {@code node-cluster-messages.json} were recorded from {@code @socket.io/redis-adapter}
 * 8.3.0's sharded adapter on socket.io 4.8 (its publishing client replaced by a recorder, a
 * real socket.io-client connected), plus one message encoded with {@code @msgpack/msgpack}
 * 2.8 as the Redis Streams adapter encodes its ephemeral messages.
 */
class ClusterCodecTests {

	private final ObjectMapper mapper = new ObjectMapper();

	private final ClusterCodec codec = new ClusterCodec(this.mapper);

	@Test
	void everyNodeMessageDecodesAndEncodesBackToTheSameBytes() throws IOException {
		JsonNode fixtures = fixtures();
		String uid = fixtures.get("uid").asText();
		assertThat(uid).matches("[0-9a-f]{16}");
		int count = 0;
		for (JsonNode fixture : fixtures.get("fixtures")) {
			byte[] bytes = HexFormat.of().parseHex(fixture.get("hex").asText());
			ClusterMessage message = ClusterCodec.decode(bytes);
			assertThat(message.uid()).as(fixture.get("name").asText()).isEqualTo(uid);
			assertThat(message.namespace()).isEqualTo("/");
			byte[] encoded = fixture.get("name").asText().startsWith("msgpack") ? this.codec.encodeMsgpack(message)
					: this.codec.encode(message);
			assertThat(HexFormat.of().formatHex(encoded)).as(fixture.get("name").asText())
				.isEqualTo(fixture.get("hex").asText());
			count++;
		}
		assertThat(count).isEqualTo(14);
	}

	@Test
	void nodeBroadcast() throws IOException {
		ClusterMessage message = message("broadcast");
		assertThat(message.type()).isEqualTo(ClusterMessage.BROADCAST);
		assertThat(message.requestId()).isNull();
		assertThat(message.isResponse()).isFalse();
		assertThat(message.data()).containsEntry("packet",
				Map.of("type", 2, "data", Arrays.asList("hello", "world", 1, 2.5, true, null, Map.of("a", List.of(1, "x")))));
		assertThat(message.data()).containsEntry("opts", Map.of("rooms", List.of(), "except", List.of(), "flags", Map.of()));
	}

	@Test
	void nodeBinaryBroadcastIsMessagePack() throws IOException {
		ClusterMessage message = message("broadcast-room-binary");
		@SuppressWarnings("unchecked")
		List<Object> data = (List<Object>) ((Map<?, ?>) message.data().get("packet")).get("data");
		assertThat(data.get(0)).isEqualTo("bin");
		assertThat((byte[]) data.get(1)).containsExactly(1, 2, 3);
		assertThat((byte[]) ((Map<?, ?>) data.get(2)).get("nested")).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
		assertThat(message.data().get("opts")).isEqualTo(Map.of("rooms", List.of("room1"), "except", List.of("room2"),
				"flags", Map.of("volatile", true, "compress", false)));
	}

	@Test
	void nodeRequestsAndResponses() throws IOException {
		assertThat(message("broadcast-with-ack").requestId()).matches("[0-9a-f]{16}");
		assertThat(message("sockets-join").data()).containsEntry("rooms", List.of("a", "b"));
		assertThat(message("disconnect-sockets").data()).containsEntry("close", true);
		assertThat(message("fetch-sockets").type()).isEqualTo(ClusterMessage.FETCH_SOCKETS);
		assertThat(message("server-side-emit").data()).isEqualTo(Map.of("packet", List.of("sse", 1, "two")));
		ClusterMessage fetched = message("fetch-sockets-response");
		assertThat(fetched.isResponse()).isTrue();
		assertThat(fetched.requestId()).isEqualTo("req1");
		Map<?, ?> socket = (Map<?, ?>) ((List<?>) fetched.data().get("sockets")).get(0);
		assertThat(new ArrayList<Object>(socket.keySet())).containsExactly("id", "handshake", "rooms", "data");
		assertThat(socket.get("data")).isEqualTo(Map.of("user", "ann", "n", 1));
		assertThat(message("server-side-emit-response").data()).containsEntry("packet", Map.of("answer", 7));
	}

	@Test
	void javaMessagesAreWrittenAsNodeWritesThem() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("requestId", "a7c505c408b01e58");
		data.put("packet", List.of("sse-ack", Map.of("x", 1L)));
		ClusterMessage message = new ClusterMessage(ClusterMessage.SERVER_SIDE_EMIT, "94b8acf7f9ed197b", "/", data);
		assertThat(new String(this.codec.encode(message), StandardCharsets.UTF_8)).isEqualTo(
				"{\"type\":9,\"data\":{\"requestId\":\"a7c505c408b01e58\",\"packet\":[\"sse-ack\",{\"x\":1}]},"
						+ "\"uid\":\"94b8acf7f9ed197b\",\"nsp\":\"/\"}");
		ClusterMessage heartbeat = new ClusterMessage(ClusterMessage.HEARTBEAT, "94b8acf7f9ed197b", "/admin", null);
		assertThat(new String(this.codec.encode(heartbeat), StandardCharsets.UTF_8))
			.isEqualTo("{\"type\":2,\"uid\":\"94b8acf7f9ed197b\",\"nsp\":\"/admin\"}");
		assertThat(ClusterCodec.decode(this.codec.encodeMsgpack(heartbeat))).isEqualTo(heartbeat);
	}

	@Test
	void binaryIsFoundInApplicationObjects() {
		record Attachment(String name, byte[] content) {
		}
		Map<String, Object> data = Map.of("packet", List.of("file", new Attachment("a", new byte[] { 7 })));
		byte[] encoded = this.codec.encode(new ClusterMessage(ClusterMessage.SERVER_SIDE_EMIT, "u", "/", data));
		assertThat(encoded[0]).isNotEqualTo((byte) '{');
		assertThat(this.codec.encodeData(data)[0]).isNotEqualTo((byte) '{');
		Map<String, Object> decoded = ClusterCodec.decodeData(this.codec.encodeData(data));
		Map<?, ?> attachment = (Map<?, ?>) ((List<?>) decoded.get("packet")).get(1);
		assertThat((byte[]) attachment.get("content")).containsExactly(7);
	}

	@Test
	void dataAloneIsJsonWithoutBinary() {
		Map<String, Object> data = Map.of("rooms", List.of("a"));
		assertThat(new String(this.codec.encodeData(data), StandardCharsets.UTF_8)).isEqualTo("{\"rooms\":[\"a\"]}");
		assertThat(ClusterCodec.decodeData("{\"rooms\":[\"a\"]}".getBytes(StandardCharsets.UTF_8))).isEqualTo(data);
	}

	@Test
	void streamsFieldsBuildAMessage() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("uid", "abc");
		fields.put("nsp", "/");
		fields.put("type", "3");
		fields.put("data", Map.of("packet", Map.of("type", 2, "data", List.of("e"))));
		ClusterMessage message = ClusterCodec.fromMap(fields);
		assertThat(message.type()).isEqualTo(ClusterMessage.BROADCAST);
		assertThat(message.uid()).isEqualTo("abc");
	}

	@Test
	void malformedMessagesAreRejected() {
		for (String json : List.of("{}", "{\"type\":\"x\",\"nsp\":\"/\"}", "{\"type\":3}", "{\"type\":3,\"nsp\":1}",
				"{\"type\":3,\"nsp\":\"/\",\"data\":[]}", "{\"type\":3,\"nsp\":\"/\",\"uid\":5}", "{\"type\":3,",
				"[1,2]", "{\"type\":3,\"nsp\":\"/\"} x")) {
			assertThatExceptionOfType(ClusterCodecException.class)
				.isThrownBy(() -> ClusterCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
				.as(json);
		}
		assertThatExceptionOfType(ClusterCodecException.class).isThrownBy(() -> ClusterCodec.decode(new byte[0]));
		assertThatExceptionOfType(ClusterCodecException.class)
			.isThrownBy(() -> ClusterCodec.decode(HexFormat.of().parseHex("dfffffffff")));
	}

	@Test
	void randomBytesNeverThrowAnythingElse() throws IOException {
		Random random = new Random(42);
		List<byte[]> seeds = new ArrayList<>();
		for (JsonNode fixture : fixtures().get("fixtures")) {
			seeds.add(HexFormat.of().parseHex(fixture.get("hex").asText()));
		}
		for (int i = 0; i < 5000; i++) {
			byte[] bytes = seeds.get(random.nextInt(seeds.size())).clone();
			int flips = 1 + random.nextInt(4);
			for (int f = 0; f < flips; f++) {
				bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
			}
			Throwable thrown = catchThrowable(() -> ClusterCodec.decode(bytes));
			if (thrown != null) {
				assertThat(thrown).isExactlyInstanceOf(ClusterCodecException.class);
			}
		}
	}

	private ClusterMessage message(String name) throws IOException {
		for (JsonNode fixture : fixtures().get("fixtures")) {
			if (fixture.get("name").asText().equals(name)) {
				return ClusterCodec.decode(HexFormat.of().parseHex(fixture.get("hex").asText()));
			}
		}
		throw new IllegalArgumentException(name);
	}

	private JsonNode fixtures() throws IOException {
		try (InputStream in = getClass().getResourceAsStream("node-cluster-messages.json")) {
			return this.mapper.readTree(in);
		}
	}

}
