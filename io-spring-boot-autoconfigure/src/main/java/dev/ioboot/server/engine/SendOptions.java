package dev.ioboot.server.engine;

/**
 * How {@link EngineSession#send(java.util.List, WebSocketWire, SendOptions)} sends packets:
 * Socket.IO's {@code volatile} and {@code compress} flags at the Engine.IO level.
 *
 * @param compress whether the packets may be compressed: permessage-deflate on a websocket,
 * HTTP compression of a polling response (a response is compressed if one of its packets may
 * be). Either applies only when enabled and the message reaches the threshold.
 * @param droppable whether the packets are dropped, rather than buffered, when the transport
 * cannot take them now: a websocket whose outbound buffer is full, or a polling session with
 * no GET request waiting
 */
public record SendOptions(boolean compress, boolean droppable) {

	/** Compressed when the settings say so, never dropped: how packets are sent by default. */
	public static final SendOptions DEFAULT = new SendOptions(true, false);

	/**
	 * Return these options with the given {@code compress} flag.
	 * @param compress whether the packets may be compressed
	 * @return the options
	 */
	public SendOptions compress(boolean compress) {
		return new SendOptions(compress, this.droppable);
	}

	/**
	 * Return these options with the given {@code droppable} flag ({@code volatile} in
	 * Socket.IO).
	 * @param droppable whether the packets may be dropped
	 * @return the options
	 */
	public SendOptions droppable(boolean droppable) {
		return new SendOptions(this.compress, droppable);
	}

}
