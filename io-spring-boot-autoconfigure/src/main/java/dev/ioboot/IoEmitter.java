package dev.ioboot;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Emits events to one socket, with socket.io's per-emit flags: {@link #timeout(Duration)},
 * {@link #droppable()} (socket.io's {@code volatile}) and {@link #compress(boolean)}. Instances
 * are immutable: each flag method returns a new emitter.
 *
 * @see IoSocket
 */
public interface IoEmitter {

	/**
	 * Emit an event.
	 * @param event the event name
	 * @param args the arguments (any JSON-serializable value, {@code byte[]} for binary)
	 */
	void emit(String event, Object... args);

	/**
	 * Emit an event and ask the client to acknowledge it, like socket.io's
	 * {@code socket.emitWithAck(event, ...args)}.
	 * <p>
	 * The future completes with the arguments the client acknowledged with. It fails with an
	 * {@link IoAckTimeoutException} when a {@link #timeout(Duration) timeout} was set and
	 * passed, and with an {@link IoSocketDisconnectedException} when the socket disconnects
	 * first. It completes on a handler thread, never on a network thread.
	 * @param event the event name
	 * @param args the arguments
	 * @return the client's acknowledgement arguments
	 */
	CompletableFuture<List<Object>> emitWithAck(String event, Object... args);

	/**
	 * Return an emitter whose acknowledgements time out, like socket.io's
	 * {@code socket.timeout(ms)}.
	 * @param timeout how long to wait for each acknowledgement
	 * @return a new emitter
	 */
	IoEmitter timeout(Duration timeout);

	/**
	 * Return an emitter whose packets are dropped when the client cannot take them right now
	 * (socket.io's {@code volatile} flag): a websocket whose buffer is full, a polling client
	 * with no request waiting. Suited to frequent updates where only the latest matters.
	 * @return a new emitter
	 */
	IoEmitter droppable();

	/**
	 * Return an emitter that compresses its packets, or not, when websocket compression
	 * ({@code io.socket.server-options.per-message-deflate}) is on, like socket.io's
	 * {@code socket.compress(value)}.
	 * @param compress whether to compress (the default)
	 * @return a new emitter
	 */
	IoEmitter compress(boolean compress);

}
