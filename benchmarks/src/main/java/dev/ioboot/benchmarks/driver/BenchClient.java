package dev.ioboot.benchmarks.driver;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * One benchmark connection. Every method runs on the driver's event loop. A client may have
 * several requests waiting for their acknowledgements (the fixed-rate workload sends on a
 * schedule, whatever is answered); acknowledgements may come in any order.
 */
public final class BenchClient extends SimpleChannelInboundHandler<WebSocketFrame> {

	private static final ByteBuf CONNECT = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(new byte[] { '4', '0' }));

	private static final ByteBuf PONG = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(new byte[] { '3' }));

	/**
	 * Receives an acknowledgement's arguments (the bytes between the brackets of the argument
	 * array, valid only during the call).
	 */
	@FunctionalInterface
	public interface AckCallback {

		void onAck(BenchClient client, ByteBuf args);

	}

	/**
	 * Receives the {@code t} of each {@code tick} event.
	 */
	@FunctionalInterface
	public interface TickListener {

		void onTick(BenchClient client, long t);

	}

	/**
	 * Receives the {@code id} and {@code t} of each {@code chat} event.
	 */
	@FunctionalInterface
	public interface ChatListener {

		void onChat(BenchClient client, long id, long t);

	}

	private final WireProtocol protocol;

	private final DriverStats stats;

	private final CompletableFuture<BenchClient> connected = new CompletableFuture<>();

	private final long connectStartNanos = System.nanoTime();

	private long connectedNanos;

	private Channel channel;

	private int nextId = 1;

	private final ArrayDeque<Pending> pending = new ArrayDeque<>(2);

	private long requestNanos;

	private TickListener tickListener;

	private ChatListener chatListener;

	private Runnable closeListener;

	private boolean closed;

	BenchClient(WireProtocol protocol, DriverStats stats) {
		this.protocol = protocol;
		this.stats = stats;
	}

	/**
	 * Completes when the server has accepted the connection (Socket.IO CONNECT answered).
	 * @return the connection future
	 */
	public CompletableFuture<BenchClient> connected() {
		return this.connected;
	}

	/**
	 * Nanoseconds from the start of the TCP connect to the connection being usable.
	 * @return the connect latency, or -1 if not connected
	 */
	public long connectNanos() {
		return this.connected.isDone() && !this.connected.isCompletedExceptionally()
				? this.connectedNanos - this.connectStartNanos : -1;
	}

	/**
	 * Whether the connection is gone.
	 * @return {@code true} once closed
	 */
	public boolean closed() {
		return this.closed;
	}

	/**
	 * When the request being acknowledged was sent, during {@link AckCallback#onAck}; else when
	 * the last request was sent.
	 * @return its {@link System#nanoTime()}
	 */
	public long requestNanos() {
		return this.requestNanos;
	}

	public void onTicks(TickListener listener) {
		this.tickListener = listener;
	}

	public void onChats(ChatListener listener) {
		this.chatListener = listener;
	}

	/**
	 * Sets what runs once the connection is gone, whoever closed it.
	 * @param listener called on the event loop
	 */
	public void onClose(Runnable listener) {
		this.closeListener = listener;
	}

	/**
	 * Sends an event asking for an acknowledgement.
	 * @param event the event name
	 * @param callback called with the acknowledgement
	 * @param args the JSON of each argument
	 */
	public void request(String event, AckCallback callback, byte[]... args) {
		int id = this.nextId++;
		this.requestNanos = System.nanoTime();
		this.pending.add(new Pending(id, callback, this.requestNanos));
		ByteBuf out = this.channel.alloc().buffer(64 + length(args));
		this.protocol.writeRequest(out, id, event, args);
		this.channel.writeAndFlush(new TextWebSocketFrame(out), this.channel.voidPromise());
	}

	/**
	 * Sends an event without acknowledgement.
	 * @param event the event name
	 * @param args the JSON of each argument
	 */
	public void emit(String event, byte[]... args) {
		ByteBuf out = this.channel.alloc().buffer(64 + length(args));
		this.protocol.writeEvent(out, event, args);
		this.channel.writeAndFlush(new TextWebSocketFrame(out), this.channel.voidPromise());
	}

	public void close() {
		if (this.channel != null) {
			this.channel.close();
		}
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.channel = ctx.channel();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE && this.protocol.connectedOnOpen()) {
			onConnected();
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
		if (frame instanceof TextWebSocketFrame) {
			this.protocol.read(frame.content(), this);
		}
		else {
			onUnexpected("binary frame");
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.closed = true;
		if (this.connected.completeExceptionally(new IllegalStateException("closed before connected"))) {
			this.stats.connectFailures++;
		}
		else {
			this.stats.disconnects++;
		}
		if (this.closeListener != null) {
			this.closeListener.run();
		}
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.stats.errors++;
		ctx.close();
	}

	void onOpen() {
		this.channel.writeAndFlush(new TextWebSocketFrame(CONNECT.duplicate()), this.channel.voidPromise());
	}

	void onPing() {
		this.channel.writeAndFlush(new TextWebSocketFrame(PONG.duplicate()), this.channel.voidPromise());
	}

	void onConnected() {
		if (!this.connected.isDone()) {
			this.connectedNanos = System.nanoTime();
			this.connected.complete(this);
		}
	}

	void onAck(int id, ByteBuf args) {
		Pending request = take(id);
		if (request == null) {
			onUnexpected("acknowledgement " + id);
			return;
		}
		this.requestNanos = request.nanos();
		request.callback().onAck(this, args);
	}

	/**
	 * Take the request an acknowledgement answers: the oldest, unless answers come out of order.
	 */
	private Pending take(int id) {
		for (Iterator<Pending> requests = this.pending.iterator(); requests.hasNext();) {
			Pending request = requests.next();
			if (request.id() == id) {
				requests.remove();
				return request;
			}
		}
		return null;
	}

	/**
	 * How many requests wait for their acknowledgement.
	 * @return the count
	 */
	public int pendingRequests() {
		return this.pending.size();
	}

	void onTick(long t) {
		if (this.tickListener != null && t >= 0) {
			this.tickListener.onTick(this, t);
		}
		else {
			onUnexpected("tick");
		}
	}

	void onChat(long id, long t) {
		if (this.chatListener != null && id >= 0 && t >= 0) {
			this.chatListener.onChat(this, id, t);
		}
		else {
			onUnexpected("chat");
		}
	}

	void onConnectError(String message) {
		this.connected.completeExceptionally(new IllegalStateException("connect_error " + message));
		close();
	}

	void onServerClose(String reason) {
		this.stats.serverCloses++;
		close();
	}

	void onUnexpected(String what) {
		this.stats.unexpected++;
		if (this.stats.firstUnexpected == null) {
			this.stats.firstUnexpected = what;
		}
	}

	private static int length(byte[][] args) {
		int length = 0;
		for (byte[] arg : args) {
			length += arg.length + 1;
		}
		return length;
	}

	private record Pending(int id, AckCallback callback, long nanos) {

	}

}
