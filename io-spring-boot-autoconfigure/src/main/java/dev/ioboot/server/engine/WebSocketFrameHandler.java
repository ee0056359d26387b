package dev.ioboot.server.engine;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Hands the messages of one websocket to its Engine.IO session: a text frame is one packet,
 * a binary frame one binary message.
 */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

	private static final Log logger = LogFactory.getLog(WebSocketFrameHandler.class);

	private volatile EngineSession session;

	WebSocketFrameHandler(EngineSession session) {
		this.session = session;
	}

	/**
	 * Bind the session opened once the websocket handshake completed.
	 * @param session the session
	 */
	void bind(EngineSession session) {
		this.session = session;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
		if (this.session == null) {
			ctx.close();
			return;
		}
		if (frame.rsv() != 0) {
			// reserved bits that no negotiated extension took (permessage-deflate clears RSV1)
			logger.warn("Closing websocket of Socket.IO session " + this.session.id()
					+ " after an invalid packet: reserved bits set without a negotiated extension");
			ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR))
				.addListener(ChannelFutureListener.CLOSE);
			return;
		}
		if (frame instanceof TextWebSocketFrame text) {
			this.session.receive(EngineFrame.utf8(ByteBufUtil.getBytes(text.content())), ctx.channel());
		}
		else if (frame instanceof BinaryWebSocketFrame binary) {
			this.session.receive(EngineFrame.binary(ByteBufUtil.getBytes(binary.content())), ctx.channel());
		}
		else if (frame instanceof PingWebSocketFrame) {
			ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
		}
		else if (frame instanceof CloseWebSocketFrame) {
			// answered with the same frame, then closed (the handshaker is not kept per connection)
			ctx.channel().writeAndFlush(frame.retain()).addListener(ChannelFutureListener.CLOSE);
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof CorruptedWebSocketFrameException || cause instanceof TooLongFrameException) {
			// the client's fault (a message over max-payload, broken framing): said once, and the
			// client is told why with a close frame
			EngineSession session = this.session;
			logger.warn("Closing websocket of Socket.IO session " + ((session != null) ? session.id() : "(none)")
					+ " after an invalid packet: " + cause.getMessage());
			if (cause instanceof CorruptedWebSocketFrameException) {
				// the frame decoder has sent its close frame and closes the connection
				return;
			}
			ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
				.addListener(ChannelFutureListener.CLOSE);
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Closing websocket " + ctx.channel() + ": " + cause.getMessage());
		}
		ctx.close();
	}

}
