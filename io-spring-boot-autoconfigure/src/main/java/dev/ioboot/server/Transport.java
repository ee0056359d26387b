package dev.ioboot.server;

import java.util.Locale;

/**
 * The Engine.IO transports a client may use.
 */
public enum Transport {

	/** HTTP long polling. */
	POLLING,

	/** A websocket. */
	WEBSOCKET;

	/**
	 * Return the transport of a name, as clients send it in the {@code transport} query
	 * parameter and as {@code io.socket.server-options.transports} lists it.
	 * @param name the name, such as {@code polling}
	 * @return the transport, or {@code null} for an unknown name
	 */
	public static Transport of(String name) {
		if (name == null) {
			return null;
		}
		return switch (name) {
			case "polling" -> POLLING;
			case "websocket" -> WEBSOCKET;
			default -> null;
		};
	}

	/**
	 * Return the name clients use.
	 * @return the name, such as {@code websocket}
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
