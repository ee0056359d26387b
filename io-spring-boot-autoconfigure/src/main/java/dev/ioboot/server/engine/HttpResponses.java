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
 * policy allows and nothing else (no server or version header). Payloads of packets are
 * compressed as {@link HttpCompression} decides.
 */
final class HttpResponses {

	private static final String PAYLOAD_TYPE = "text/plain; charset=UTF-8";

	private final EngineIoSettings.CorsPolicy cors;

	private final HttpCompression compression;

	HttpResponses(EngineIoSettings.CorsPolicy cors, EngineIoSettings.Compression compression) {
		this.cors = cors;
		this.compression = new HttpCompression(compression);
	}

	void respond(ChannelHandlerContext ctx, byte[] body, String contentType, boolean keepAlive, String origin) {
		write(ctx, HttpResponseStatus.OK, body, contentType, null, keepAlive, origin);
	}

	/**
	 * Answer a polling request with a payload of packets, compressed if it may be, it is
	 * large enough and the request accepts an encoding.
	 * @param ctx the channel context
	 * @param payload the packets as written in a polling payload, in UTF-8
	 * @param compress whether the payload may be compressed
	 * @param acceptEncoding the request's {@code Accept-Encoding}, or {@code null}
	 * @param keepAlive whether to keep the connection open
	 * @param origin the request origin
	 */
	void respondPayload(ChannelHandlerContext ctx, byte[] payload, boolean compress, String acceptEncoding,
			boolean keepAlive, String origin) {
		String encoding = compress ? this.compression.encoding(acceptEncoding, payload.length) : null;
		byte[] body = (encoding != null) ? HttpCompression.compress(payload, encoding) : payload;
		write(ctx, HttpResponseStatus.OK, body, PAYLOAD_TYPE, encoding, keepAlive, origin);
	}

	/**
	 * Refuse a websocket upgrade as socket.io does: {@code 400} with the message as plain
	 * text, then close, whatever the error.
	 * @param ctx the channel context
	 * @param message the message
	 */
	void refuseUpgrade(ChannelHandlerContext ctx, String message) {
		byte[] body = message.getBytes(StandardCharsets.UTF_8);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
				Unpooled.wrappedBuffer(body));
		response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html");
		response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
		send(ctx, response, false);
	}

	void error(ChannelHandlerContext ctx, EngineIoError error, boolean keepAlive, String origin) {
		write(ctx, error.status(), error.body().getBytes(StandardCharsets.UTF_8), "application/json", null,
				keepAlive, origin);
	}

	/**
	 * Answer with an Engine.IO error whose message is the application's.
	 * @param ctx the channel context
	 * @param error the error
	 * @param message the message, {@code null} for the error's own
	 * @param keepAlive whether to keep the connection open
	 * @param origin the request origin
	 */
	void error(ChannelHandlerContext ctx, EngineIoError error, String message, boolean keepAlive, String origin) {
		if (message == null) {
			error(ctx, error, keepAlive, origin);
			return;
		}
		write(ctx, error.status(), error.body(message).getBytes(StandardCharsets.UTF_8), "application/json", null,
				keepAlive, origin);
	}

	void status(ChannelHandlerContext ctx, HttpResponseStatus status, boolean keepAlive, String origin) {
		write(ctx, status, new byte[0], null, null, keepAlive, origin);
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
			String contentEncoding, boolean keepAlive, String origin) {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
				Unpooled.wrappedBuffer(body));
		HttpHeaders headers = response.headers();
		if (contentType != null) {
			headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
		}
		if (contentEncoding != null) {
			headers.set(HttpHeaderNames.CONTENT_ENCODING, contentEncoding);
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
