package dev.ioboot.server;

import java.time.Duration;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The pipeline factory installed with {@code SocketIOServer.setPipelineFactory}: netty-socketio
 * keeps binding, event loops and socket options; each accepted channel gets the starter's
 * Engine.IO v4 / Socket.IO v5 handlers in place of netty-socketio's own.
 */
final class IoChannelInitializer extends SocketIOChannelInitializer {

	private final EngineIoServer engine;

	private final EngineIoHttpHandler httpHandler;

	IoChannelInitializer(EngineIoServer engine) {
		this.engine = engine;
		this.httpHandler = new EngineIoHttpHandler(engine);
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
		pipeline.addLast("io-http", new HttpServerCodec());
		pipeline.addLast("io-http-aggregator", new HttpObjectAggregator(this.engine.settings().maxPayload()));
		Duration requestTimeout = this.engine.limits().requestTimeout();
		if (!requestTimeout.isZero() && !requestTimeout.isNegative()) {
			pipeline.addLast(RequestTimeoutHandler.NAME, new RequestTimeoutHandler(requestTimeout));
		}
		pipeline.addLast("io-engine", this.httpHandler);
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
