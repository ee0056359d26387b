package dev.ioboot.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.socket.client.Ack;
import io.socket.client.Socket;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;

/**
 * A Socket.IO connection opened by an {@link IoTestClient}: emits events, awaits
 * acknowledgements and events from the server with {@link IoPayloadSpec} assertions, and
 * answers the server's own questions ({@code socket.timeout(..).emitWithAck(..)} on the
 * server). Every event the server sends is kept from the moment the connection is made, so
 * {@link #expectEvent(String)} also finds events that arrived before it was called.
 *
 * <p>Close it when the test is done, with {@link #disconnect()} or try-with-resources.
 *
 * <pre class="code">
 * try (IoTestSession session = client.connect()) {
 * 	session.emitWithAck("echo", "hi").isEqualTo("hi");
 * 	session.emit("ping-me", 42);
 * 	session.expectEvent("pong-you").isEqualTo(42);
 * }
 * </pre>
 */
public final class IoTestSession implements AutoCloseable {

	private static final Set<String> RESERVED = Set.of("connect", "connect_error", "disconnect", "disconnecting",
			"newListener", "removeListener");

	private static final long POLL_SLICE_MILLIS = 100;

	private final Socket socket;

	private final IoJsonValues values;

	private final Duration timeout;

	private final Map<String, BlockingQueue<List<Object>>> events = new ConcurrentHashMap<>();

	private final Map<String, Function<List<Object>, ?>> answers = new ConcurrentHashMap<>();

	private final List<RuntimeException> answerFailures = new CopyOnWriteArrayList<>();

	private final CompletableFuture<String> disconnected = new CompletableFuture<>();

	IoTestSession(Socket socket, IoJsonValues values, Duration timeout) {
		this.socket = socket;
		this.values = values;
		this.timeout = timeout;
		socket.onAnyIncoming(this::received);
		socket.on(Socket.EVENT_DISCONNECT, (args) -> this.disconnected
			.complete((args.length > 0) ? String.valueOf(args[0]) : "disconnect"));
	}

	/**
	 * Return the socket's id, as the server knows it.
	 * @return the id
	 */
	public String id() {
		return this.socket.id();
	}

	/**
	 * Return whether the socket is still connected.
	 * @return whether it is connected
	 */
	public boolean isConnected() {
		return this.socket.connected();
	}

	/**
	 * Emit an event without asking for an acknowledgement, as {@code socket.emit(event, ...args)}.
	 * Arguments are sent as the JSON the application's {@link dev.ioboot.IoJsonMapper} makes of
	 * them; {@code byte[]} is sent as binary.
	 * @param event the event name
	 * @param args the arguments
	 * @return this session
	 */
	public IoTestSession emit(String event, Object... args) {
		this.socket.emit(checkEvent(event), toWire(args));
		return this;
	}

	/**
	 * Emit an event asking for an acknowledgement, as
	 * {@code socket.timeout(ms).emitWithAck(event, ...args)}, and return the expectations on
	 * that acknowledgement.
	 * @param event the event name
	 * @param args the arguments, sent as by {@link #emit(String, Object...)}
	 * @return the acknowledgement's expectations
	 */
	public IoPayloadSpec emitWithAck(String event, Object... args) {
		CompletableFuture<List<Object>> ack = new CompletableFuture<>();
		this.socket.emit(checkEvent(event), toWire(args), (Ack) (answer) -> ack.complete(fromWire(answer)));
		return new IoPayloadSpec("acknowledgement of '" + event + "'", (wait) -> await(ack, wait), this.values,
				this.timeout);
	}

	/**
	 * Return the expectations on the next {@code event} the server sends to this socket. Each
	 * received event is taken by one expectation, in arrival order.
	 * @param event the event name
	 * @return the event's expectations, on its arguments
	 */
	public IoPayloadSpec expectEvent(String event) {
		return new IoPayloadSpec("event '" + event + "'", (wait) -> next(event, wait), this.values, this.timeout);
	}

	/**
	 * Answer the server's acknowledgement requests for an event: when the server emits
	 * {@code event} asking for an acknowledgement, the function's result (as one argument) is
	 * the answer. The event is still available to {@link #expectEvent(String)}. Without an
	 * answer, the server's request times out, as with a client that does not call back.
	 * @param event the event name
	 * @param answer computes the answer from the event's arguments (plain Java)
	 * @return this session
	 */
	public IoTestSession onAsk(String event, Function<List<Object>, ?> answer) {
		this.answers.put(event, answer);
		return this;
	}

	/**
	 * Wait until the server disconnects this socket (or the connection is lost), and start
	 * assertions on the reason as the Java client reports it, such as
	 * {@code "io server disconnect"}.
	 * @return an AssertJ assertion on the reason
	 */
	public AbstractStringAssert<?> expectDisconnect() {
		try {
			return Assertions.assertThat(this.disconnected.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS))
				.as("disconnect reason");
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Expected the server to disconnect the socket within " + this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for a disconnection", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Disconnect, as {@code socket.disconnect()}.
	 * @throws AssertionError if an {@link #onAsk} answer failed meanwhile
	 */
	public void disconnect() {
		this.socket.close();
		if (!this.answerFailures.isEmpty()) {
			AssertionError error = new AssertionError("An onAsk answer failed");
			this.answerFailures.forEach(error::addSuppressed);
			this.answerFailures.clear();
			throw error;
		}
	}

	/**
	 * Disconnect; the same as {@link #disconnect()}.
	 */
	@Override
	public void close() {
		disconnect();
	}

	private void received(Object... args) {
		if (args.length == 0) {
			return;
		}
		String event = String.valueOf(args[0]);
		int end = args.length;
		Ack ack = null;
		if (end > 1 && args[end - 1] instanceof Ack requested) {
			ack = requested;
			end--;
		}
		Object[] eventArgs = new Object[end - 1];
		System.arraycopy(args, 1, eventArgs, 0, end - 1);
		List<Object> plain = fromWire(eventArgs);
		Function<List<Object>, ?> answer = this.answers.get(event);
		if (ack != null && answer != null) {
			try {
				ack.call(this.values.toWire(answer.apply(plain)));
			}
			catch (RuntimeException ex) {
				this.answerFailures.add(ex);
			}
		}
		this.events.computeIfAbsent(event, (name) -> new LinkedBlockingQueue<>()).add(plain);
	}

	private Optional<List<Object>> await(CompletableFuture<List<Object>> ack, Duration wait) {
		try {
			CompletableFuture.anyOf(ack, this.disconnected).get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for an acknowledgement", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		if (ack.isDone()) {
			return Optional.of(ack.join());
		}
		throw disconnectedMeanwhile("an acknowledgement");
	}

	private Optional<List<Object>> next(String event, Duration wait) {
		BlockingQueue<List<Object>> queue = this.events.computeIfAbsent(event, (name) -> new LinkedBlockingQueue<>());
		long deadline = System.nanoTime() + wait.toNanos();
		try {
			while (true) {
				long left = deadline - System.nanoTime();
				List<Object> args = queue.poll(Math.min(TimeUnit.NANOSECONDS.toMillis(left), POLL_SLICE_MILLIS),
						TimeUnit.MILLISECONDS);
				if (args != null) {
					return Optional.of(args);
				}
				if (this.disconnected.isDone() && queue.isEmpty()) {
					throw disconnectedMeanwhile("event '" + event + "'");
				}
				if (System.nanoTime() - deadline >= 0) {
					return Optional.empty();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for event '" + event + "'", ex);
		}
	}

	private AssertionError disconnectedMeanwhile(String expected) {
		return new AssertionError(
				"Expected " + expected + " but the socket disconnected (" + this.disconnected.join() + ")");
	}

	private Object[] toWire(Object[] args) {
		Object[] wire = new Object[args.length];
		for (int i = 0; i < args.length; i++) {
			wire[i] = this.values.toWire(args[i]);
		}
		return wire;
	}

	private List<Object> fromWire(Object[] args) {
		List<Object> plain = new ArrayList<>(args.length);
		for (Object arg : args) {
			plain.add(this.values.fromWire(arg));
		}
		return Collections.unmodifiableList(plain);
	}

	private static String checkEvent(String event) {
		if (event == null || RESERVED.contains(event)) {
			throw new IllegalArgumentException("'" + event + "' is a reserved event name");
		}
		return event;
	}

	@Override
	public String toString() {
		return "IoTestSession " + id();
	}

}
