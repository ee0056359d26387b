package dev.ioboot.server.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.server.Transport;

/**
 * One Engine.IO v4 session: its transport (polling, websocket, or polling being upgraded),
 * the packets waiting for the next poll, and the heartbeat. Outbound packets are written in
 * the order {@link #send(List)} was called, whatever the calling thread; {@link SendOptions}
 * say whether they may be compressed or dropped.
 */
public final class EngineSession {

	private static final Log logger = LogFactory.getLog(EngineSession.class);

	/**
	 * Receives what the client sends on this session.
	 */
	public interface Listener {

		/**
		 * Take a message the client sent.
		 * @param frame the message
		 * @throws InvalidPacketException if it is not a valid packet; the session is closed
		 */
		void onMessage(EngineFrame frame) throws InvalidPacketException;

		/**
		 * Learn that the session closed.
		 * @param reason why, in socket.io's words, such as {@code transport close}
		 */
		void onClose(String reason);

		/**
		 * Learn that the session moved to a websocket.
		 */
		default void onUpgrade() {
		}

	}

	private final String id;

	private final SessionSupport support;

	private Listener listener;

	private Transport transport;

	private Channel webSocket;

	private Channel probe;

	private boolean probed;

	private final ArrayDeque<EngineFrame> pollQueue = new ArrayDeque<>(2);

	private long pollQueueBytes;

	// whether a packet waiting for the next poll may be compressed: then the whole payload may
	private boolean pollQueueCompress;

	private boolean overflowing;

	/**
	 * Bytes a recovery's replay may add to the buffer limit until they are written: the
	 * client is reading again, and must not be closed for catching up.
	 */
	private long allowance;

	private PendingPoll pendingPoll;

	private State state = State.OPEN;

	private String closingReason = "server close";

	private EngineFrame closingFrame = EngineFrame.CLOSE_FRAME;

	private ScheduledFuture<?> pingTask;

	private ScheduledFuture<?> pingTimeoutTask;

	private ScheduledFuture<?> closeTask;

	EngineSession(String id, SessionSupport support, Transport transport) {
		this.id = id;
		this.support = support;
		this.transport = transport;
	}

	/**
	 * Return the session id, the {@code sid} clients send.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Return what reads this session's messages.
	 * @return the listener
	 */
	public Listener listener() {
		return this.listener;
	}

	void setListener(Listener listener) {
		this.listener = listener;
	}

	/**
	 * Return the largest message a client may send.
	 * @return the max payload, in bytes
	 */
	public int maxPayload() {
		return this.support.settings().maxPayload();
	}

	/**
	 * Return the transport in use.
	 * @return the transport
	 */
	public synchronized Transport transport() {
		return this.transport;
	}

	/**
	 * Return whether a websocket is upgrading this polling session.
	 * @return {@code true} between the probe and the upgrade
	 */
	public synchronized boolean isUpgrading() {
		return this.probe != null;
	}

	/**
	 * Return whether the session is open: not closing, not closed.
	 * @return {@code true} if open
	 */
	public synchronized boolean isOpen() {
		return this.state == State.OPEN;
	}

	private synchronized boolean isClosing() {
		return this.state == State.CLOSING;
	}

	/**
	 * Start a session whose transport is a websocket.
	 * @param channel the websocket channel
	 */
	synchronized void bindWebSocket(Channel channel) {
		limitBuffer(channel);
		this.webSocket = channel;
		channel.closeFuture().addListener((future) -> onWebSocketClosed(channel));
	}

	/**
	 * Attach a websocket that upgrades this polling session once the client confirms.
	 * @param channel the websocket channel
	 */
	synchronized void startUpgrade(Channel channel) {
		limitBuffer(channel);
		this.probe = channel;
		channel.closeFuture().addListener((future) -> onWebSocketClosed(channel));
	}

	/**
	 * Make the websocket unwritable once more than the buffer limit waits to be written.
	 */
	private void limitBuffer(Channel channel) {
		long max = this.support.maxBufferedBytes();
		if (max > 0) {
			int high = (int) Math.min(Integer.MAX_VALUE, max);
			channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
		}
	}

	void startHeartbeat() {
		schedulePing();
	}

	// ---- inbound

	/**
	 * Handle a packet received on the session's transport.
	 * @param frame the packet
	 * @param channel the channel it came on
	 */
	public void receive(EngineFrame frame, Channel channel) {
		if (!isOpen()) {
			if (isClosing() && !frame.isBinary() && frame.type() == EngineFrame.CLOSE) {
				// the client answers our last packets by closing: no need to wait for its next poll
				closeNow("client close", EngineFrame.NOOP_FRAME);
			}
			return;
		}
		try {
			if (channel != null && channel == probeChannel()) {
				receiveProbe(frame, channel);
				return;
			}
			if (frame.isBinary()) {
				received(frame);
				this.listener.onMessage(frame);
				return;
			}
			char type = frame.type();
			if (type == 0) {
				throw new InvalidPacketException("Empty Engine.IO packet");
			}
			switch (type) {
				case EngineFrame.PONG -> onPong();
				case EngineFrame.MESSAGE -> {
					EngineFrame message = frame.withoutType();
					received(message);
					this.listener.onMessage(message);
				}
				case EngineFrame.CLOSE -> closeByClient();
				case EngineFrame.NOOP -> {
				}
				default -> throw new InvalidPacketException("Unexpected Engine.IO packet '" + type + "'");
			}
		}
		catch (InvalidPacketException ex) {
			logger.warn("Closing Socket.IO session " + this.id + " after an invalid packet: " + ex.getMessage());
			closeNow("parse error", EngineFrame.NOOP_FRAME);
		}
	}

	/**
	 * The client closed the session. A polling client may have its last GET still on the way:
	 * it receives a NOOP, as socket.io answers it.
	 */
	private void closeByClient() {
		synchronized (this) {
			if (this.transport == Transport.POLLING && this.pendingPoll == null && this.state == State.OPEN) {
				this.pollQueue.clear();
				closeWithNextPoll("client close", EngineFrame.NOOP_FRAME);
				return;
			}
		}
		closeNow("client close", EngineFrame.NOOP_FRAME);
	}

	private synchronized Channel probeChannel() {
		return this.probe;
	}

	private void receiveProbe(EngineFrame frame, Channel channel) throws InvalidPacketException {
		String text = frame.text();
		if ("2probe".equals(text)) {
			channel.writeAndFlush(new TextWebSocketFrame("3probe"));
			synchronized (this) {
				this.probed = true;
				if (this.pendingPoll != null && this.pollQueue.isEmpty()) {
					respondToPoll(List.of(EngineFrame.NOOP_FRAME), true);
				}
			}
		}
		else if ("5".equals(text)) {
			completeUpgrade(channel);
			if (this.listener != null) {
				this.listener.onUpgrade();
			}
		}
		else {
			throw new InvalidPacketException("Unexpected packet during upgrade");
		}
	}

	private synchronized void completeUpgrade(Channel channel) {
		this.probe = null;
		this.probed = false;
		this.webSocket = channel;
		this.transport = Transport.WEBSOCKET;
		if (this.pendingPoll != null) {
			respondToPoll(List.of(EngineFrame.NOOP_FRAME), true);
		}
		this.pollQueueCompress = false;
		while (!this.pollQueue.isEmpty()) {
			channel.write(toWebSocket(this.pollQueue.poll()));
		}
		channel.flush();
	}

	private void onPong() {
		synchronized (this) {
			cancel(this.pingTimeoutTask);
			// not kept until the next ping: an idle session holds only its next ping's task
			this.pingTimeoutTask = null;
		}
		schedulePing();
	}

	// ---- outbound

	/**
	 * Send packets to the client, in order and together.
	 * @param frames the packets
	 * @return whether the session was open
	 */
	public boolean send(List<EngineFrame> frames) {
		return send(frames, null, SendOptions.DEFAULT);
	}

	/**
	 * Send packets, already encoded for a websocket when they are a broadcast's.
	 * @param frames the packets
	 * @param wire the same packets as WebSocket frames, or {@code null} to encode them here
	 * @return {@code false} if the session is closed
	 */
	public boolean send(List<EngineFrame> frames, WebSocketWire wire) {
		return send(frames, wire, SendOptions.DEFAULT);
	}

	/**
	 * Send packets as the options say.
	 * @param frames the packets
	 * @param options whether they may be compressed or dropped
	 * @return {@code false} if they were not sent: dropped, or the session is closed
	 */
	public boolean send(List<EngineFrame> frames, SendOptions options) {
		return send(frames, null, options);
	}

	/**
	 * Send packets as the options say, already encoded for a websocket when they are a
	 * broadcast's. The encoded frames are not compressed: on a websocket with permessage-deflate
	 * the packets are encoded (and compressed) here instead, unless they may not be compressed.
	 * @param frames the packets
	 * @param wire the same packets as WebSocket frames, or {@code null} to encode them here
	 * @param options whether they may be compressed or dropped
	 * @return {@code false} if they were not sent: dropped, or the session is closed or closing
	 * because its client does not read
	 */
	public synchronized boolean send(List<EngineFrame> frames, WebSocketWire wire, SendOptions options) {
		return send(frames, wire, options, true);
	}

	/**
	 * Send packets that must all reach the client, such as the missed packets of a recovered
	 * socket, however much waits to be written: they are bounded where they were kept, and a
	 * client that reads again after falling behind must be able to catch up.
	 * @param packets the Socket.IO packets, each as its Engine.IO packets
	 * @return {@code false} if the session is closed
	 */
	public synchronized boolean sendAll(List<List<EngineFrame>> packets) {
		long bytes = 0;
		for (List<EngineFrame> frames : packets) {
			if (!send(frames, null, SendOptions.DEFAULT, false)) {
				return false;
			}
			for (EngineFrame frame : frames) {
				bytes += frame.size();
			}
		}
		allow(bytes);
		return true;
	}

	/**
	 * Raise the buffer limit by what a replay wrote, until it is written: for a websocket,
	 * until the channel is writable again; for polling, until the queue is answered.
	 */
	private void allow(long bytes) {
		if (this.support.maxBufferedBytes() > 0) {
			this.allowance += bytes;
		}
	}

	/**
	 * Whether more than the limit (and a replay's allowance) waits to be written on the
	 * websocket, counting what other threads have queued for it.
	 */
	private boolean overLimit(Channel channel) {
		ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
		long pending = (buffer != null) ? buffer.totalPendingWriteBytes() : 0;
		return pending > this.support.maxBufferedBytes() + this.allowance;
	}

	private boolean send(List<EngineFrame> frames, WebSocketWire wire, SendOptions options, boolean bounded) {
		if (this.state == State.CLOSED || this.overflowing) {
			// once a packet could not be buffered, none after it is sent: the client must not
			// receive later packets without that one
			return false;
		}
		if (this.transport == Transport.WEBSOCKET) {
			Channel channel = this.webSocket;
			if (channel.isWritable()) {
				this.allowance = 0;
			}
			else {
				if (options.droppable()) {
					return false;
				}
				if (bounded && this.support.maxBufferedBytes() > 0 && overLimit(channel)) {
					return overflow();
				}
			}
			writeWebSocket(channel, frames, wire, options.compress());
			sent(frames);
		}
		else {
			if (options.droppable() && this.pendingPoll == null) {
				// like socket.io: only a waiting GET makes a polling transport writable
				return false;
			}
			long max = this.support.maxBufferedBytes();
			for (EngineFrame frame : frames) {
				this.pollQueueBytes += frame.size();
			}
			if (bounded && max > 0 && this.pollQueueBytes > max + this.allowance && this.pendingPoll == null) {
				return overflow();
			}
			this.pollQueue.addAll(frames);
			sent(frames);
			this.pollQueueCompress |= options.compress();
			if (this.pendingPoll != null) {
				respondWithPollQueue();
			}
		}
		return true;
	}

	private void writeWebSocket(Channel channel, List<EngineFrame> frames, WebSocketWire wire, boolean compress) {
		if (isDeflating(channel)) {
			if (compress) {
				// compressed per websocket: the encoded frames are not
				wire = null;
			}
			else if (wire == null) {
				// encoded here, so that the permessage-deflate encoder lets them through as they are
				try (WebSocketWire uncompressed = WebSocketWire.encode(frames)) {
					uncompressed.writeTo(channel);
				}
				return;
			}
		}
		if (wire != null) {
			wire.writeTo(channel);
			return;
		}
		int last = frames.size() - 1;
		for (int i = 0; i < last; i++) {
			channel.write(toWebSocket(frames.get(i)), channel.voidPromise());
		}
		channel.writeAndFlush(toWebSocket(frames.get(last)), channel.voidPromise());
	}

	/**
	 * Return whether the client negotiated permessage-deflate on a websocket: its encoder is
	 * in the pipeline once the handshake response is written.
	 */
	private boolean isDeflating(Channel channel) {
		return this.support.settings().perMessageDeflate().enabled()
				&& channel.pipeline().get(WebSocketExtensionEncoder.class) != null;
	}

	/**
	 * Close a session whose client does not read what it is sent, once: from the timer, as
	 * the caller holds this session's lock.
	 */
	/**
	 * Tell the listeners of a client's message, as socket.io's Admin UI counts them: its data,
	 * without the Engine.IO type.
	 */
	private void received(EngineFrame message) {
		int bytes = message.size();
		this.support.listeners().each((listener) -> listener.messageReceived(bytes));
	}

	private void sent(List<EngineFrame> frames) {
		// one pass over the listeners per send, not per frame: this runs for every packet to
		// every client
		this.support.listeners().each((listener) -> {
			for (EngineFrame frame : frames) {
				listener.messageSent(frame.isBinary() ? frame.size() : frame.size() - 1);
			}
		});
	}

	private boolean overflow() {
		if (!this.overflowing) {
			this.overflowing = true;
			logger.warn("Closing Socket.IO session " + this.id + ": its client does not read what it is sent (more than "
					+ this.support.maxBufferedBytes() + " bytes waiting, io.limits.max-buffered-bytes)");
			this.support.timer().execute(() -> closeNow("transport error", null));
		}
		return false;
	}

	/**
	 * Handle a polling GET whose answer is never compressed.
	 * @param ctx the request's channel context
	 * @param keepAlive whether to keep the connection open after answering
	 * @param origin the request's origin
	 * @return {@code false} if a poll is already pending (the session is then closed)
	 * @see #poll(ChannelHandlerContext, boolean, String, String)
	 */
	public boolean poll(ChannelHandlerContext ctx, boolean keepAlive, String origin) {
		return poll(ctx, keepAlive, origin, null);
	}

	/**
	 * Handle a polling GET: answer now if packets are waiting, or hold the request.
	 * @param ctx the request's channel context
	 * @param keepAlive whether to keep the connection open after answering
	 * @param origin the request's origin
	 * @param acceptEncoding the request's {@code Accept-Encoding}, or {@code null}
	 * @return {@code false} if a poll is already pending (the session is then closed)
	 */
	public boolean poll(ChannelHandlerContext ctx, boolean keepAlive, String origin, String acceptEncoding) {
		synchronized (this) {
			if (this.state == State.CLOSED) {
				return false;
			}
			if (this.pendingPoll == null) {
				// removed once the poll is answered: a keep-alive connection carries many polls,
				// of many sessions, and must not keep them all reachable
				GenericFutureListener<Future<Void>> onClose = (future) -> pollChannelClosed(ctx);
				this.pendingPoll = new PendingPoll(ctx, keepAlive, origin, acceptEncoding, onClose);
				ctx.channel().closeFuture().addListener(onClose);
				if (!this.pollQueue.isEmpty()) {
					respondWithPollQueue();
				}
				else if (this.state == State.CLOSING) {
					respondToPoll(List.of(this.closingFrame), true);
				}
				else if (this.probed) {
					// the client is upgrading: release its poll so that it can finish
					respondToPoll(List.of(EngineFrame.NOOP_FRAME), true);
				}
				return true;
			}
		}
		closeNow("transport error", EngineFrame.NOOP_FRAME);
		return false;
	}

	private synchronized void pollChannelClosed(ChannelHandlerContext ctx) {
		if (this.pendingPoll != null && this.pendingPoll.ctx() == ctx) {
			this.pendingPoll = null;
		}
	}

	private void respondWithPollQueue() {
		List<EngineFrame> frames = List.copyOf(this.pollQueue);
		boolean compress = this.pollQueueCompress;
		this.pollQueue.clear();
		this.pollQueueBytes = 0;
		this.allowance = 0;
		this.pollQueueCompress = false;
		respondToPoll(frames, compress);
	}

	private void respondToPoll(List<EngineFrame> frames, boolean compress) {
		PendingPoll poll = this.pendingPoll;
		this.pendingPoll = null;
		poll.ctx().channel().closeFuture().removeListener(poll.onClose());
		StringBuilder payload = new StringBuilder();
		for (EngineFrame frame : frames) {
			if (!payload.isEmpty()) {
				payload.append(EngineFrame.RECORD_SEPARATOR);
			}
			payload.append(frame.forPolling());
		}
		// the closing packet travels alone, after everything queued before it: socket.io-client
		// handles a close packet at once but Socket.IO packets a tick later, so a DISCONNECT in
		// the same payload would be reported as "transport close"
		boolean closing = this.state == State.CLOSING && frames.contains(this.closingFrame);
		this.support.http().respondPayload(poll.ctx(), payload.toString().getBytes(StandardCharsets.UTF_8), compress,
				poll.acceptEncoding(), poll.keepAlive(), poll.origin());
		if (closing) {
			this.support.timer().execute(() -> closeNow(this.closingReason, null));
		}
	}

	private static WebSocketFrame toWebSocket(EngineFrame frame) {
		return frame.isBinary() ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.binary()))
				: new TextWebSocketFrame(Unpooled.wrappedBuffer(frame.utf8()));
	}

	// ---- heartbeat

	private void schedulePing() {
		ScheduledFuture<?> task = this.support.timer().schedule(this::ping,
				this.support.settings().pingInterval().toMillis(), TimeUnit.MILLISECONDS);
		synchronized (this) {
			cancel(this.pingTask);
			this.pingTask = task;
		}
	}

	private void ping() {
		ScheduledFuture<?> timeout = this.support.timer().schedule(() -> closeNow("ping timeout", null),
				this.support.settings().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
		synchronized (this) {
			cancel(this.pingTimeoutTask);
			this.pingTimeoutTask = timeout;
		}
		send(List.of(EngineFrame.PING_FRAME));
	}

	private static void cancel(ScheduledFuture<?> task) {
		if (task != null) {
			task.cancel(false);
		}
	}

	// ---- closing

	/**
	 * Close the session after the packets already sent have been delivered: at once on a
	 * websocket, with the next poll on polling (or after the ping timeout).
	 * @param reason the reason given to the listener
	 */
	public void close(String reason) {
		synchronized (this) {
			if (this.state != State.OPEN) {
				return;
			}
			if (this.transport == Transport.POLLING) {
				closeWithNextPoll(reason, EngineFrame.CLOSE_FRAME);
				return;
			}
		}
		closeNow(reason, null);
	}

	/**
	 * Close a polling session once its last packet has been polled: at once if a poll is
	 * pending, else with the next poll or, failing one, after the ping timeout.
	 * @param reason the reason given to the listener
	 * @param last the last packet the client receives
	 */
	private synchronized void closeWithNextPoll(String reason, EngineFrame last) {
		this.state = State.CLOSING;
		this.closingReason = reason;
		this.closingFrame = last;
		if (this.pendingPoll != null) {
			if (this.pollQueue.isEmpty()) {
				respondToPoll(List.of(last), true);
			}
			else {
				respondWithPollQueue();
			}
		}
		// a client that stops polling is closed after the ping timeout
		cancel(this.closeTask);
		this.closeTask = this.support.timer().schedule(() -> closeNow(reason, null),
				this.support.settings().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Close the session now.
	 * @param reason the reason given to the listener
	 * @param pollAnswer what a pending poll receives, or {@code null} for the close packet
	 */
	public void closeNow(String reason, EngineFrame pollAnswer) {
		Channel ws;
		Channel probeChannel;
		synchronized (this) {
			if (this.state == State.CLOSED) {
				return;
			}
			// answered in the same step that closes, so that no poll arrives in between and hangs
			if (this.pendingPoll != null) {
				this.pollQueue.clear();
				respondToPoll(List.of((pollAnswer != null) ? pollAnswer : EngineFrame.CLOSE_FRAME), true);
			}
			this.state = State.CLOSED;
			cancel(this.pingTask);
			cancel(this.pingTimeoutTask);
			cancel(this.closeTask);
			this.pollQueue.clear();
			ws = this.webSocket;
			probeChannel = this.probe;
		}
		this.support.sessions().remove(this.id, this);
		if (ws != null) {
			ws.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
		}
		if (probeChannel != null) {
			probeChannel.close();
		}
		if (this.listener != null) {
			this.listener.onClose(reason);
		}
	}

	private void onWebSocketClosed(Channel channel) {
		synchronized (this) {
			if (channel == this.probe) {
				this.probe = null;
				this.probed = false;
				return;
			}
			if (channel != this.webSocket) {
				return;
			}
		}
		closeNow("transport close", null);
	}

	private enum State {

		OPEN, CLOSING, CLOSED

	}

	private record PendingPoll(ChannelHandlerContext ctx, boolean keepAlive, String origin, String acceptEncoding,
			GenericFutureListener<Future<Void>> onClose) {
	}

}
