package dev.ioboot.server.socket;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ioboot.server.engine.EngineFrame;
import dev.ioboot.server.engine.InvalidPacketException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SocketIoPacketParser} and {@link SocketIoPacketWriter}: the Socket.IO v5
 * packet format.
 */
class SocketIoPacketCodecTests {

	private final SocketIoPacketParser parser = new SocketIoPacketParser(new ObjectMapper());

	private final SocketIoPacketWriter writer = new SocketIoPacketWriter(new ObjectMapper());

	@Test
	void instantsAreWrittenAsJsonStringifyWritesADate() {
		// a Node peer's Date arrives through the Redis adapter as an Instant
		Instant date = Instant.parse("2026-12-07T17:30:39Z");
		assertThat(this.writer.event("/admin", null, "socket_disconnected", "/", date).get(0).text())
			.isEqualTo("42/admin,[\"socket_disconnected\",\"/\",\"2026-12-07T17:30:39.000Z\"]");
	}

	@Test
	void writesCharactersOutsideTheBmpAsUtf8LikeJsonStringify() {
		List<EngineFrame> frames = this.writer.event("/", null, "text", "é☃🚀");
		assertThat(frames.get(0).utf8())
			.isEqualTo("42[\"text\",\"é☃🚀\"]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	@Test
	void parsesAnEventWithNamespaceAndAckId() throws Exception {
		SocketIoPacket packet = this.parser.parse("2/admin,12[\"hello\",1,{\"a\":[true]}]");
		assertThat(packet.type()).isEqualTo(SocketIoPacket.EVENT);
		assertThat(packet.namespace()).isEqualTo("/admin");
		assertThat(packet.ackId()).isEqualTo(12L);
		assertThat(packet.payload(List.of())).isEqualTo(List.of("hello", 1, Map.of("a", List.of(true))));
	}

	@Test
	void parsesABinaryEventAndResolvesPlaceholders() throws Exception {
		SocketIoPacket packet = this.parser
			.parse("52-7[\"bin\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]");
		assertThat(packet.attachments()).isEqualTo(2);
		assertThat(packet.ackId()).isEqualTo(7L);
		byte[] first = { 1 };
		byte[] second = { 2 };
		List<?> payload = (List<?>) packet.payload(List.of(first, second));
		assertThat(payload.get(1)).isSameAs(second);
		assertThat(payload.get(2)).isSameAs(first);
	}

	@Test
	void parsesConnectWithAuthAndDefaultNamespace() throws Exception {
		SocketIoPacket packet = this.parser.parse("0{\"token\":\"t\",\"list\":[1,[2]]}");
		assertThat(packet.type()).isEqualTo(SocketIoPacket.CONNECT);
		assertThat(packet.namespace()).isEqualTo("/");
		assertThat(packet.payload(List.of())).isEqualTo(Map.of("token", "t", "list", List.of(1, List.of(2))));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "7[]", "2{}", "2abc[\"x\"]", "2[]", "2[\"disconnect\"]", "3[1]",
			"0[]", "1{}", "5x-[\"a\"]", "5-[\"a\"]", "2[\"a\"] trailing", "4{\"message\":\"x\"}", "3",
			"5\u0663-[\"a\",{\"_placeholder\":true,\"num\":0}]" })
	void rejectsWhatSocketIoRejects(String text) {
		assertThatExceptionOfType(InvalidPacketException.class).isThrownBy(() -> this.parser.parse(text));
	}

	@Test
	void placeholderWithoutAttachmentIsRejected() throws Exception {
		SocketIoPacket packet = this.parser.parse("51-[\"bin\",{\"_placeholder\":true,\"num\":3}]");
		assertThatExceptionOfType(InvalidPacketException.class).isThrownBy(() -> packet.payload(List.of(new byte[0])));
	}

	@Test
	void writesEventsAcksConnectAndErrors() {
		assertThat(texts(this.writer.event("/", null, "news", 1, "two"))).containsExactly("42[\"news\",1,\"two\"]");
		assertThat(texts(this.writer.event("/chat", 5L, "news"))).containsExactly("42/chat,5[\"news\"]");
		assertThat(texts(this.writer.ack("/", 9, Map.of("ok", true)))).containsExactly("439[{\"ok\":true}]");
		assertThat(texts(this.writer.ack("/", 9))).containsExactly("439[]");
		assertThat(texts(this.writer.connect("/", "abc"))).containsExactly("40{\"sid\":\"abc\"}");
		assertThat(texts(this.writer.connectError("/x", "Invalid namespace", null)))
			.containsExactly("44/x,{\"message\":\"Invalid namespace\"}");
		assertThat(texts(this.writer.connectError("/", "Banned", Map.of("retry", false))))
			.containsExactly("44{\"message\":\"Banned\",\"data\":{\"retry\":false}}");
		assertThat(texts(this.writer.disconnect("/"))).containsExactly("41");
	}

	@Test
	void writesBinaryAnywhereAsAttachments() {
		byte[] first = { 1, 2 };
		byte[] nested = { 3 };
		List<EngineFrame> frames = this.writer.event("/", null, "bin", first, Map.of("inner", nested));
		assertThat(frames).hasSize(3);
		assertThat(frames.get(0).text()).isEqualTo(
				"452-[\"bin\",{\"_placeholder\":true,\"num\":0},{\"inner\":{\"_placeholder\":true,\"num\":1}}]");
		assertThat(frames.get(1).binary()).isSameAs(first);
		assertThat(frames.get(2).binary()).isSameAs(nested);
		assertThat(this.writer.ack("/", 3, (Object) new byte[] { 9 }).get(0).text())
			.isEqualTo("461-3[{\"_placeholder\":true,\"num\":0}]");
	}

	@Test
	void pollingFramesUseBase64ForBinary() {
		assertThat(EngineFrame.binary(new byte[] { 1, 2, 3 }).forPolling()).isEqualTo("bAQID");
		assertThat(EngineFrame.fromPolling("bAQID").binary()).containsExactly(1, 2, 3);
		assertThat(EngineFrame.fromPolling("bAQ\r\nID").binary()).containsExactly(1, 2, 3);
		assertThat(EngineFrame.fromPolling("42[\"a\"]").text()).isEqualTo("42[\"a\"]");
	}

	private static List<String> texts(List<EngineFrame> frames) {
		return frames.stream().map(EngineFrame::text).toList();
	}

}
