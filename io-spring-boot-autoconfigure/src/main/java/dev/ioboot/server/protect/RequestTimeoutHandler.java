package dev.ioboot.server.protect;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Closes an HTTP connection that does not deliver a complete request in time: counted from
 * the connection's start, and again from each complete response. A client trickling its
 * headers or body (slowloris), or keeping an idle connection, so holds no connection for
 * long. While a request is being answered (a pending long poll) no time runs: the session's
 * heartbeat answers it. Removed when the connection becomes a websocket.
 */
public final class RequestTimeoutHandler extends ChannelDuplexHandler {

	/** The handler's name in the pipeline. */
	public static final String NAME = "io-http-timeout";

	private static final Log logger = LogFactory.getLog(RequestTimeoutHandler.class);

	private final long timeoutNanos;

	private ScheduledFuture<?> timeout;

	/**
	 * Create a handler.
	 * @param timeout the time a complete request is due in
	 */
	public RequestTimeoutHandler(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		schedule(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancel();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		cancel();
		super.channelInactive(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (msg instanceof FullHttpRequest) {
			cancel();
		}
		super.channelRead(ctx, msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		if (msg instanceof LastHttpContent) {
			schedule(ctx);
		}
		super.write(ctx, msg, promise);
	}

	private void schedule(ChannelHandlerContext ctx) {
		cancel();
		this.timeout = ctx.executor().schedule(() -> timedOut(ctx), this.timeoutNanos, TimeUnit.NANOSECONDS);
	}

	private void timedOut(ChannelHandlerContext ctx) {
		if (ctx.channel().isActive()) {
			logger.debug("Closing HTTP connection " + ctx.channel() + ": no complete request within the request timeout");
			ctx.close();
		}
	}

	private void cancel() {
		if (this.timeout != null) {
			this.timeout.cancel(false);
			this.timeout = null;
		}
	}

}
