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

	String message() {
		return this.message;
	}

	String body() {
		return body(this.message);
	}

	/**
	 * Return the JSON body of this error with another message, such as a request filter's.
	 * @param message the message
	 * @return {@code {"code":N,"message":"..."}}
	 */
	String body(String message) {
		StringBuilder json = new StringBuilder(message.length() + 32).append("{\"code\":")
			.append(this.code)
			.append(",\"message\":\"");
		for (int i = 0; i < message.length(); i++) {
			char c = message.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append("\"}").toString();
	}

}
