package dev.ioboot.server;

import java.time.Duration;
import java.util.List;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The pipeline factory installed with {@code SocketIOServer.setPipelineFactory}: netty-socketio
 * keeps binding, event loops and socket options; each accepted channel gets the starter's
 * Engine.IO v4 / Socket.IO v5 handlers in place of netty-socketio's own.
 */
final class IoChannelInitializer extends SocketIOChannelInitializer {

	private static final Log logger = LogFactory.getLog(IoChannelInitializer.class);

	private final EngineIoServer engine;

	private final EngineIoHttpHandler httpHandler;

	private final TlsSettings tls;

	IoChannelInitializer(EngineIoServer engine, TlsSettings tls) {
		this.engine = engine;
		this.httpHandler = new EngineIoHttpHandler(engine);
		this.tls = tls;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		// netty-socketio's scheduler is not used
	}

	@Override
	public void start(Configuration configuration, NamespacesHub namespacesHub) {
		// the protocol layer is built by IoServer before the server binds
	}

	@Override
	protected void initChannel(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		if (this.tls != null) {
			pipeline.addLast("io-tls", new SslHandler(this.tls.newEngine()));
		}
		pipeline.addLast("io-http", new HttpServerCodec());
		pipeline.addLast("io-http-aggregator", new EngineIoHttpAggregator(this.engine));
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
				EngineSession session = (sid != null && !sid.isEmpty()) ? this.engine.sessions().get(sid.get(0))
						: null;
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

	@Override
	public void onDisconnect(ClientHead client) {
		// netty-socketio's client heads are not used
	}

	@Override
	public void stop() {
		// resources are released by IoServer
	}

}
