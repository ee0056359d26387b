package dev.ioboot.server.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
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

	@Test
	void recipientsOnOtherEventLoopsAreWrittenAtCloseEachOnce() throws Exception {
		EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());
		EventLoopGroup clientLoops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
		LocalAddress address = new LocalAddress("wire-" + System.nanoTime());
		List<Channel> recipients = java.util.Collections.synchronizedList(new ArrayList<>());
		int count = 5;
		CountDownLatch accepted = new CountDownLatch(count);
		CountDownLatch received = new CountDownLatch(count);
		List<String> texts = java.util.Collections.synchronizedList(new ArrayList<>());
		Channel server = new ServerBootstrap().group(clientLoops, loops)
			.channel(LocalServerChannel.class)
			.childHandler(new ChannelInitializer<LocalChannel>() {
				@Override
				protected void initChannel(LocalChannel channel) {
					recipients.add(channel);
					accepted.countDown();
				}
			})
			.bind(address)
			.sync()
			.channel();
		try {
			Bootstrap clients = new Bootstrap().group(clientLoops).channel(LocalChannel.class).handler(new ChannelInitializer<LocalChannel>() {
				@Override
				protected void initChannel(LocalChannel channel) {
					channel.pipeline().addLast(new WebSocket08FrameDecoder(false, false, 1 << 16), new ChannelInboundHandlerAdapter() {
						@Override
						public void channelRead(ChannelHandlerContext ctx, Object msg) {
							texts.add(((TextWebSocketFrame) msg).text());
							((TextWebSocketFrame) msg).release();
							received.countDown();
						}
					});
				}
			});
			for (int i = 0; i < count; i++) {
				clients.connect(address).sync();
			}
			assertThat(accepted.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(recipients.stream().map(Channel::eventLoop).distinct()).hasSize(2);
			ByteBuf buffer;
			try (WebSocketWire wire = WebSocketWire.encode(List.of(EngineFrame.text("42[\"tick\"]")))) {
				buffer = wire.bytes();
				recipients.forEach(wire::writeTo);
				assertThat(received.getCount()).as("written at close").isEqualTo(count);
			}
			assertThat(received.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(texts).hasSize(count).containsOnly("42[\"tick\"]");
			for (int i = 0; i < 100 && buffer.refCnt() > 0; i++) {
				Thread.sleep(20);
			}
			assertThat(buffer.refCnt()).as("released once written").isZero();
		}
		finally {
			server.close().sync();
			loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
			clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
		}
	}

}
