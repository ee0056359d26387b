package dev.ioboot.benchmarks.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * Benchmark server, the ceiling: a plain Netty 4.2 WebSocket server doing the same work as the
 * Socket.IO servers, with no Socket.IO / Engine.IO framing and no heartbeats.
 *
 * <pre>
 * java -cp ... dev.ioboot.benchmarks.server.RawNettyServer --port=N
 * </pre>
 *
 * WebSocket endpoint {@code ws://HOST:N/raw} (no compression, 1,000,000 bytes max frame payload).
 * Every text frame is a JSON array:
 * <ul>
 * <li>{@code [id, "echo", payload]} answers {@code [id, payload]};</li>
 * <li>{@code [id, "join", room]} adds the connection to the room, answers {@code [id, true]};</li>
 * <li>{@code [0, "fanout", {"room": ..., "t": ..., "payload": ...}]} sends {@code ["tick", obj]},
 * encoded once, to every connection in the room, answers nothing;</li>
 * <li>{@code [id, "gc"]} runs {@link System#gc()}, answers {@code [id, true]}.</li>
 * </ul>
 * Anything else (bad JSON, unknown event) closes that connection only. Prints {@code READY <port>}
 * on stdout once listening (logging goes to stderr); a shutdown hook closes the server on SIGTERM.
 */
public final class RawNettyServer {

	static final String PATH = "/raw";

	static final int MAX_PAYLOAD = 1_000_000;

	private RawNettyServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		PrintStream stdout = NettySocketIoServer.readyLineOnly();
		int port = NettySocketIoServer.port(args);
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
		FrameHandler frameHandler = new FrameHandler();
		WebSocketServerProtocolConfig wsConfig = WebSocketServerProtocolConfig.newBuilder()
			.websocketPath(PATH)
			.maxFramePayloadLength(MAX_PAYLOAD)
			.allowExtensions(false)
			.build();

		// closing the event loop group closes every channel, the listening one too
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> group.shutdownGracefully().syncUninterruptibly(), "raw-shutdown"));
		ServerBootstrap bootstrap = new ServerBootstrap().group(group)
			.channel(NioServerSocketChannel.class)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel ch) {
					ch.pipeline()
						.addLast(new HttpServerCodec())
						.addLast(new HttpObjectAggregator(65536))
						.addLast(new WebSocketServerProtocolHandler(wsConfig))
						.addLast(new WebSocketFrameAggregator(MAX_PAYLOAD))
						.addLast(frameHandler);
				}
			});
		Channel serverChannel;
		try {
			serverChannel = bootstrap.bind("0.0.0.0", port).sync().channel();
		}
		catch (Exception ex) { // e.g. the port is taken: the event loop threads would keep the JVM up
			System.err.println("cannot listen on " + port + ": " + ex);
			System.exit(1);
			return;
		}
		stdout.println("READY " + port);
		serverChannel.closeFuture().sync();
	}

	/** Handles the JSON messages of every connection; stateless but for the shared rooms. */
	@ChannelHandler.Sharable
	static final class FrameHandler extends SimpleChannelInboundHandler<Object> {

		private final ObjectMapper mapper = new ObjectMapper();

		private final Map<String, ChannelGroup> rooms = new ConcurrentHashMap<>();

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws IOException {
			if (msg instanceof TextWebSocketFrame frame) {
				// (the casts pick the stream overloads: Netty's buffer streams are also DataInput/DataOutput)
				onMessage(ctx, mapper.readTree((InputStream) new ByteBufInputStream(frame.content())));
			}
			else if (msg instanceof FullHttpRequest) {
				// an HTTP request that is not the WebSocket handshake on /raw
				ctx.writeAndFlush(new DefaultFullHttpResponse(((FullHttpRequest) msg).protocolVersion(),
						HttpResponseStatus.NOT_FOUND))
					.addListener(ChannelFutureListener.CLOSE);
			}
			else if (msg instanceof WebSocketFrame) {
				ctx.close(); // binary frames are not part of the protocol
			}
		}

		private void onMessage(ChannelHandlerContext ctx, JsonNode message) throws IOException {
			JsonNode id = message.path(0);
			switch (message.path(1).asText()) {
				case "echo" -> reply(ctx, id, message.path(2));
				case "join" -> {
					String room = message.path(2).asText();
					rooms.computeIfAbsent(room, (name) -> new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE))
						.add(ctx.channel());
					reply(ctx, id, mapper.getNodeFactory().booleanNode(true));
				}
				case "fanout" -> {
					JsonNode obj = message.path(2);
					ChannelGroup room = rooms.get(obj.path("room").asText());
					if (room != null) {
						ArrayNode tick = mapper.createArrayNode().add("tick").add(obj);
						// the group hands each channel a retained duplicate of the one encoded buffer
						room.writeAndFlush(new TextWebSocketFrame(encode(ctx.alloc(), tick)));
					}
				}
				case "gc" -> {
					System.gc();
					reply(ctx, id, mapper.getNodeFactory().booleanNode(true));
				}
				default -> ctx.close();
			}
		}

		private void reply(ChannelHandlerContext ctx, JsonNode id, JsonNode value) throws IOException {
			ArrayNode answer = mapper.createArrayNode().add(id).add(value);
			ctx.writeAndFlush(new TextWebSocketFrame(encode(ctx.alloc(), answer)));
		}

		private ByteBuf encode(ByteBufAllocator alloc, JsonNode node) throws IOException {
			ByteBuf buf = alloc.buffer();
			try {
				mapper.writeValue((OutputStream) new ByteBufOutputStream(buf), node);
				return buf;
			}
			catch (IOException | RuntimeException ex) {
				buf.release();
				throw ex;
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close(); // bad JSON (or any other failure) closes this connection only
		}

	}

}
