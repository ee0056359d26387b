package dev.ioboot.server.engine;

import java.time.Duration;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ssl.SslBundle;

import dev.ioboot.server.EngineIoSettings;
import dev.ioboot.server.Transport;
import dev.ioboot.server.protect.RequestTimeoutHandler;

/**
 * Sets up each accepted connection for Engine.IO v4: TLS when a bundle is given, HTTP,
 * permessage-deflate negotiation when enabled, the request timeout, and the Engine.IO
 * endpoint, which turns the connection into a websocket when the client asks for one. Plain Netty: whatever binds the port installs it
 * as the child handler.
 */
public final class EngineIoChannelInitializer extends ChannelInitializer<Channel> {

	private static final Log logger = LogFactory.getLog(EngineIoChannelInitializer.class);

	private final EngineIoServer engine;

	private final EngineIoHttpHandler httpHandler;

	private final TlsSettings tls;

	/**
	 * Create an initializer.
	 * @param engine the Engine.IO server the connections serve
	 * @param ssl the key material for {@code https} and {@code wss}, or {@code null} for plain
	 * connections
	 */
	public EngineIoChannelInitializer(EngineIoServer engine, SslBundle ssl) {
		this.engine = engine;
		this.httpHandler = new EngineIoHttpHandler(engine);
		this.tls = (ssl != null) ? new TlsSettings(ssl) : null;
	}

	@Override
	protected void initChannel(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		if (this.tls != null) {
			pipeline.addLast("io-tls", new SslHandler(this.tls.newEngine()));
		}
		pipeline.addLast("io-http", new HttpServerCodec());
		pipeline.addLast("io-http-aggregator", new EngineIoHttpAggregator(this.engine));
		EngineIoSettings settings = this.engine.settings();
		if (settings.perMessageDeflate().enabled() && settings.transports().contains(Transport.WEBSOCKET)) {
			pipeline.addLast("io-ws-deflate", PerMessageDeflate.newHandler(settings.perMessageDeflate(),
					settings.maxPayload()));
		}
		Duration requestTimeout = this.engine.limits().requestTimeout();
		if (!requestTimeout.isZero() && !requestTimeout.isNegative()) {
			pipeline.addLast(RequestTimeoutHandler.NAME, new RequestTimeoutHandler(requestTimeout));
		}
		pipeline.addLast("io-engine", this.httpHandler);
	}

	/**
	 * Aggregates HTTP requests up to max-payload. A larger one is answered 413 by Netty; if it
	 * is a polling POST of an open session, that session is closed too, as socket.io does.
	 */
	private static final class EngineIoHttpAggregator extends HttpObjectAggregator {

		private final EngineIoServer engine;

		EngineIoHttpAggregator(EngineIoServer engine) {
			super(engine.settings().maxPayload());
			this.engine = engine;
		}

		@Override
		protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
			if (oversized instanceof HttpRequest request) {
				List<String> sid = new QueryStringDecoder(request.uri()).parameters().get("sid");
				EngineSession session = (sid != null && !sid.isEmpty()) ? this.engine.session(sid.get(0)) : null;
				if (session != null) {
					logger.warn("Closing Socket.IO session " + session.id()
							+ " after an invalid packet: HTTP body larger than max-payload ("
							+ this.engine.settings().maxPayload() + " bytes)");
					session.closeNow("transport error", null);
				}
			}
			super.handleOversizedMessage(ctx, oversized);
		}

	}

}
