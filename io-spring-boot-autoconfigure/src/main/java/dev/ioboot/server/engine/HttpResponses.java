package dev.ioboot.server.engine;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import dev.ioboot.server.EngineIoSettings;

/**
 * Writes the HTTP responses of the polling transport, with the CORS headers the configured
 * policy allows and nothing else (no server or version header).
 */
final class HttpResponses {

	private final EngineIoSettings.CorsPolicy cors;

	HttpResponses(EngineIoSettings.CorsPolicy cors) {
		this.cors = cors;
	}

	void respond(ChannelHandlerContext ctx, byte[] body, String contentType, boolean keepAlive, String origin) {
		write(ctx, HttpResponseStatus.OK, body, contentType, keepAlive, origin);
	}

	void error(ChannelHandlerContext ctx, EngineIoError error, boolean keepAlive, String origin) {
		write(ctx, error.status(), error.body().getBytes(StandardCharsets.UTF_8), "application/json", keepAlive,
				origin);
	}

	void status(ChannelHandlerContext ctx, HttpResponseStatus status, boolean keepAlive, String origin) {
		write(ctx, status, new byte[0], null, keepAlive, origin);
	}

	/**
	 * Answer a CORS preflight request.
	 * @param ctx the channel context
	 * @param origin the request origin
	 * @param requestHeaders the headers the browser asks to send
	 * @param keepAlive whether to keep the connection open
	 */
	void preflight(ChannelHandlerContext ctx, String origin, String requestHeaders, boolean keepAlive) {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
		HttpHeaders headers = response.headers();
		if (addCorsHeaders(headers, origin)) {
			headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(",", this.cors.methods()));
			if (requestHeaders != null) {
				headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requestHeaders);
			}
			headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
		}
		headers.set(HttpHeaderNames.CONTENT_LENGTH, 0);
		send(ctx, response, keepAlive);
	}

	private void write(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body, String contentType,
			boolean keepAlive, String origin) {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
				Unpooled.wrappedBuffer(body));
		HttpHeaders headers = response.headers();
		if (contentType != null) {
			headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
		}
		headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
		headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
		addCorsHeaders(headers, origin);
		send(ctx, response, keepAlive);
	}

	private boolean addCorsHeaders(HttpHeaders headers, String origin) {
		String allowed = this.cors.allowOrigin(origin);
		if (allowed == null) {
			return false;
		}
		headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
		if (!"*".equals(allowed)) {
			headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
			if (this.cors.allowCredentials()) {
				headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
			}
		}
		return true;
	}

	private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
		HttpUtil.setKeepAlive(response, keepAlive);
		if (!keepAlive) {
			response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		}
		ChannelFuture future = ctx.writeAndFlush(response);
		if (!keepAlive) {
			future.addListener(ChannelFutureListener.CLOSE);
		}
	}

}
