package dev.ioboot.server.engine;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The errors Engine.IO answers a bad request with, with the codes socket.io clients know.
 */
enum EngineIoError {

	TRANSPORT_UNKNOWN(0, "Transport unknown"),

	UNKNOWN_SID(1, "Session ID unknown"),

	BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),

	BAD_REQUEST(3, "Bad request"),

	FORBIDDEN(4, "Forbidden"),

	UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

	private final int code;

	private final String message;

	EngineIoError(int code, String message) {
		this.code = code;
		this.message = message;
	}

	HttpResponseStatus status() {
		return (this == FORBIDDEN) ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.BAD_REQUEST;
	}

	String body() {
		return "{\"code\":" + this.code + ",\"message\":\"" + this.message + "\"}";
	}

}
