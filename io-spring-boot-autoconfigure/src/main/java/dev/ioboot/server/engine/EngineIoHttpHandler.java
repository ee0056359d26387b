package dev.ioboot.server.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.server.IoRejection;
import dev.ioboot.server.IoRequestFilter;
import dev.ioboot.server.Transport;
import dev.ioboot.server.protect.RequestTimeoutHandler;

/**
 * Serves the Engine.IO endpoint over HTTP: validates each request as the socket.io server
 * does (answering 400 with its JSON error body), opens sessions, serves polling requests and
 * upgrades to websockets.
 */
@Sharable
final class EngineIoHttpHandler extends ChannelInboundHandlerAdapter {

	private static final Log logger = LogFactory.getLog(EngineIoHttpHandler.class);

	private static final String X_FORWARDED_FOR = "X-Forwarded-For";

	private final EngineIoServer server;

	EngineIoHttpHandler(EngineIoServer server) {
		this.server = server;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof FullHttpRequest request)) {
			ReferenceCountUtil.release(msg);
			return;
		}
		try {
			handle(ctx, request);
		}
		finally {
			request.release();
		}
	}

	private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
		HttpResponses http = this.server.http();
		boolean keepAlive = HttpUtil.isKeepAlive(request);
		String origin = request.headers().get(HttpHeaderNames.ORIGIN);
		if (!request.decoderResult().isSuccess()) {
			http.status(ctx, HttpResponseStatus.BAD_REQUEST, false, origin);
			return;
		}
		QueryStringDecoder query = new QueryStringDecoder(request.uri());
		String path = this.server.settings().path();
		if (!query.path().equals(path) && !query.path().equals(path + "/")) {
			http.status(ctx, HttpResponseStatus.NOT_FOUND, keepAlive, origin);
			return;
		}
		if (HttpMethod.OPTIONS.equals(request.method())) {
			http.preflight(ctx, origin, request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS),
					keepAlive);
			return;
		}
		Map<String, List<String>> params = query.parameters();
		Transport transport = Transport.of(first(params, "transport"));
		if (transport == null || !this.server.settings().transports().contains(transport)) {
			http.error(ctx, EngineIoError.TRANSPORT_UNKNOWN, keepAlive, origin);
			return;
		}
		if (transport == Transport.WEBSOCKET && !isWebSocketUpgrade(request)) {
			http.error(ctx, EngineIoError.BAD_REQUEST, keepAlive, origin);
			return;
		}
		String sid = first(params, "sid");
		if (sid != null) {
			handleSessionRequest(ctx, request, sid, transport, keepAlive, origin);
			return;
		}
		if (!HttpMethod.GET.equals(request.method())) {
			http.error(ctx, EngineIoError.BAD_HANDSHAKE_METHOD, keepAlive, origin);
			return;
		}
		if (!this.server.isAccepting()) {
			this.server.listeners().each((listener) -> listener.connectionRejected(null, IoRejection.SHUTDOWN));
			http.status(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, false, origin);
			return;
		}
		InetAddress client = clientAddress(ctx, request);
		if (client != null && !this.server.limits().addresses().permits(client)) {
			// like socket.io's allowRequest refusing: 403 with the Engine.IO error body, or for a
			// websocket upgrade 400 with the message as text
			logger.info("Refused a connection from " + client.getHostAddress() + ": address not allowed");
			this.server.listeners().each((listener) -> listener.connectionRejected(null, IoRejection.ADDRESS));
			if (transport == Transport.WEBSOCKET) {
				http.refuseUpgrade(ctx, EngineIoError.FORBIDDEN.message());
			}
			else {
				http.error(ctx, EngineIoError.FORBIDDEN, false, origin);
			}
			return;
		}
		TransportHandshake handshake = TransportHandshake.of(request, ctx.channel(), isSecure(ctx), client);
		if (this.server.filters().isEmpty()) {
			openSession(ctx, request, transport, handshake, keepAlive, origin);
		}
		else {
			filterThenOpen(ctx, request, transport, handshake, keepAlive, origin);
		}
	}

	/**
	 * Ask the request filters, off the event loop, then go on on the event loop. The
	 * connection reads nothing more meanwhile.
	 */
	private void filterThenOpen(ChannelHandlerContext ctx, FullHttpRequest request, Transport transport,
			TransportHandshake handshake, boolean keepAlive, String origin) {
		Channel channel = ctx.channel();
		request.retain();
		channel.config().setAutoRead(false);
		try {
			this.server.filters().filter(transport, handshake, (decision) -> ctx.executor().execute(() -> {
				try {
					if (channel.isActive()) {
						decided(ctx, request, transport, handshake, keepAlive, origin, decision);
					}
				}
				finally {
					request.release();
					channel.config().setAutoRead(true);
				}
			}));
		}
		catch (RejectedExecutionException ex) {
			// the server is stopping
			request.release();
			channel.config().setAutoRead(true);
			this.server.http().status(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, false, origin);
		}
	}

	private void decided(ChannelHandlerContext ctx, FullHttpRequest request, Transport transport,
			TransportHandshake handshake, boolean keepAlive, String origin, IoRequestFilter.Decision decision) {
		if (decision.allowed()) {
			openSession(ctx, request, transport, handshake, keepAlive, origin);
			return;
		}
		this.server.listeners().each((listener) -> listener.connectionRejected(null, IoRejection.REQUEST_FILTER));
		if (transport == Transport.WEBSOCKET) {
			// like socket.io: whatever refuses an upgrade, 400 and the message as text
			String message = (decision.message() != null) ? decision.message() : EngineIoError.FORBIDDEN.message();
			this.server.http().refuseUpgrade(ctx, message);
		}
		else {
			this.server.http().error(ctx, EngineIoError.FORBIDDEN, decision.message(), keepAlive, origin);
		}
	}

	private void openSession(ChannelHandlerContext ctx, FullHttpRequest request, Transport transport,
			TransportHandshake handshake, boolean keepAlive, String origin) {
		if (!"4".equals(first(handshake.query(), "EIO"))) {
			// checked after the filters, as socket.io does
			this.server.http().error(ctx, EngineIoError.UNSUPPORTED_PROTOCOL_VERSION, keepAlive, origin);
			return;
		}
		if (transport == Transport.WEBSOCKET) {
			openWebSocketSession(ctx, request, handshake);
		}
		else {
			openPollingSession(ctx, handshake, keepAlive, origin, request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
		}
	}

	private InetAddress clientAddress(ChannelHandlerContext ctx, FullHttpRequest request) {
		InetAddress peer = (ctx.channel().remoteAddress() instanceof InetSocketAddress address) ? address.getAddress()
				: null;
		return this.server.limits().addresses().clientAddress(peer, request.headers().getAll(X_FORWARDED_FOR));
	}

	private void handleSessionRequest(ChannelHandlerContext ctx, FullHttpRequest request, String sid,
			Transport transport, boolean keepAlive, String origin) {
		HttpResponses http = this.server.http();
		EngineSession session = this.server.session(sid);
		if (session == null) {
			http.error(ctx, EngineIoError.UNKNOWN_SID, keepAlive, origin);
			return;
		}
		if (transport == Transport.WEBSOCKET
				&& (session.transport() != Transport.POLLING || session.isUpgrading())) {
			// like socket.io: accept the websocket, then close it
			upgrade(ctx, request, null, (future, frames) -> future.channel().close());
			return;
		}
		if (session.transport() != Transport.POLLING) {
			http.error(ctx, EngineIoError.BAD_REQUEST, keepAlive, origin);
			return;
		}
		if (transport == Transport.WEBSOCKET) {
			session.startUpgrade(ctx.channel());
			upgrade(ctx, request, session, (future, frames) -> {
			});
		}
		else if (HttpMethod.GET.equals(request.method())) {
			if (!session.poll(ctx, keepAlive, origin, request.headers().get(HttpHeaderNames.ACCEPT_ENCODING))) {
				http.error(ctx, EngineIoError.BAD_REQUEST, keepAlive, origin);
			}
		}
		else if (HttpMethod.POST.equals(request.method())) {
			receivePost(ctx, request, session, keepAlive, origin);
		}
		else {
			http.error(ctx, EngineIoError.BAD_REQUEST, keepAlive, origin);
		}
	}

	private void receivePost(ChannelHandlerContext ctx, FullHttpRequest request, EngineSession session,
			boolean keepAlive, String origin) {
		String payload = request.content().toString(StandardCharsets.UTF_8);
		for (String packet : payload.split(String.valueOf(EngineFrame.RECORD_SEPARATOR), -1)) {
			EngineFrame frame;
			try {
				frame = EngineFrame.fromPolling(packet);
			}
			catch (IllegalArgumentException ex) {
				logger.warn("Closing Socket.IO session " + session.id() + " after an invalid packet: "
						+ "invalid base64 in a polling payload");
				session.closeNow("parse error", EngineFrame.NOOP_FRAME);
				this.server.http().error(ctx, EngineIoError.BAD_REQUEST, keepAlive, origin);
				return;
			}
			session.receive(frame, null);
		}
		this.server.http().respond(ctx, "ok".getBytes(StandardCharsets.UTF_8), "text/html; charset=UTF-8",
				keepAlive, origin);
	}

	private void openPollingSession(ChannelHandlerContext ctx, TransportHandshake handshake, boolean keepAlive,
			String origin, String acceptEncoding) {
		EngineSession session = this.server.open(Transport.POLLING, handshake);
		boolean upgrades = this.server.settings().transports().contains(Transport.WEBSOCKET);
		byte[] body = this.server.openPacket(session, upgrades).text().getBytes(StandardCharsets.UTF_8);
		this.server.http().respondPayload(ctx, body, true, acceptEncoding, keepAlive, origin);
		session.startHeartbeat();
	}

	private void openWebSocketSession(ChannelHandlerContext ctx, FullHttpRequest request,
			TransportHandshake handshake) {
		upgrade(ctx, request, null, (future, frames) -> {
			EngineSession session = this.server.open(Transport.WEBSOCKET, handshake);
			session.bindWebSocket(future.channel());
			frames.bind(session);
			session.send(List.of(this.server.openPacket(session, false)));
			session.startHeartbeat();
		});
	}

	/**
	 * Upgrade the request's connection to a websocket whose frames go to a session.
	 * @param ctx the channel context
	 * @param request the upgrade request
	 * @param session the session being upgraded, or {@code null} to open one once upgraded
	 * @param onUpgraded called once the handshake response is written
	 * @return whether the handshake was started
	 */
	private boolean upgrade(ChannelHandlerContext ctx, FullHttpRequest request, EngineSession session,
			UpgradeListener onUpgraded) {
		String scheme = isSecure(ctx) ? "wss://" : "ws://";
		String url = scheme + request.headers().get(HttpHeaderNames.HOST) + request.uri();
		int maxPayload = this.server.settings().maxPayload();
		// reserved bits are allowed in frames only when an extension (permessage-deflate) may use them
		boolean allowExtensions = this.server.settings().perMessageDeflate().enabled();
		WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, allowExtensions,
				maxPayload)
			.newHandshaker(request);
		if (handshaker == null) {
			WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
			return false;
		}
		WebSocketFrameHandler frames = new WebSocketFrameHandler(session);
		ChannelPipeline pipeline = ctx.pipeline();
		pipeline.addAfter(ctx.name(), "io-ws-aggregator", new WebSocketFrameAggregator(maxPayload));
		pipeline.addAfter("io-ws-aggregator", "io-ws", frames);
		ChannelFuture handshakeFuture = handshaker.handshake(ctx.channel(), request);
		pipeline.remove(this);
		if (pipeline.get(RequestTimeoutHandler.NAME) != null) {
			pipeline.remove(RequestTimeoutHandler.NAME);
		}
		handshakeFuture.addListener((ChannelFutureListener) (future) -> {
			if (future.isSuccess()) {
				onUpgraded.upgraded(future, frames);
			}
			else {
				future.channel().close();
			}
		});
		return true;
	}

	@FunctionalInterface
	private interface UpgradeListener {

		void upgraded(ChannelFuture future, WebSocketFrameHandler frames);

	}

	private static boolean isWebSocketUpgrade(FullHttpRequest request) {
		return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
				&& request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
	}

	private static boolean isSecure(ChannelHandlerContext ctx) {
		return ctx.pipeline().get(SslHandler.class) != null;
	}

	private static String first(Map<String, List<String>> params, String name) {
		List<String> values = params.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closing HTTP connection " + ctx.channel() + " after error", cause);
		}
		ctx.close();
	}

}
