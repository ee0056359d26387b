package dev.ioboot.server.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketWire}: a broadcast's packets encoded once are the WebSocket frames a
 * client's decoder reads, at every length encoding.
 */
class WebSocketWireTests {

	@Test
	void framesOfEveryLengthEncodingDecodeAsSent() {
		String small = "42[\"tick\",1]";
		String medium = "42[\"tick\",\"" + "m".repeat(300) + "\"]";
		String large = "42[\"tick\",\"" + "é".repeat(40_000) + "\"]";
		byte[] attachment = new byte[70_000];
		Arrays.fill(attachment, (byte) 7);
		List<EngineFrame> frames = List.of(EngineFrame.text(small), EngineFrame.text(medium), EngineFrame.text(large),
				EngineFrame.binary(attachment));

		List<WebSocketFrame> decoded = new ArrayList<>();
		try (WebSocketWire wire = WebSocketWire.encode(frames)) {
			// a client's decoder: server frames are not masked
			EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
			client.writeInbound(wire.bytes().retain());
			for (Object frame; (frame = client.readInbound()) != null;) {
				decoded.add((WebSocketFrame) frame);
			}
			assertThat(wire.bytes().readableBytes()).as("encoded once, not consumed by the write")
				.isEqualTo(2 + small.length() + 4 + medium.length() + 10 + large.getBytes(StandardCharsets.UTF_8).length
						+ 10 + attachment.length);
		}
		assertThat(decoded).hasSize(4);
		assertThat(decoded).allMatch(WebSocketFrame::isFinalFragment).allMatch((frame) -> frame.rsv() == 0);
		assertThat(((TextWebSocketFrame) decoded.get(0)).text()).isEqualTo(small);
		assertThat(((TextWebSocketFrame) decoded.get(1)).text()).isEqualTo(medium);
		assertThat(((TextWebSocketFrame) decoded.get(2)).text()).isEqualTo(large);
		assertThat(ByteBufUtil.getBytes(((BinaryWebSocketFrame) decoded.get(3)).content())).isEqualTo(attachment);
		decoded.forEach(WebSocketFrame::release);
	}

}
