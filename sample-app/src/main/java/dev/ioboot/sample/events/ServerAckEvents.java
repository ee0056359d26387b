package dev.ioboot.sample.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Component;

import dev.ioboot.Io;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventException;

/**
 * The server asks its clients, and waits for their acknowledgements:
 * <ul>
 * <li>{@code ask-me}: emits {@code question} to the caller with an acknowledgement (2 s
 * timeout), then acknowledges the caller with the client's answer, or with
 * {@code {"error": "timeout"}} if it did not answer in time.</li>
 * <li>{@code poll-room (room, timeoutMs)}: emits {@code vote?} to the room, on every node,
 * and acknowledges the caller with the list of answers received within {@code timeoutMs}
 * ({@code []} when nobody answered).</li>
 * </ul>
 */
@Component
public class ServerAckEvents {

	private static final Duration QUESTION_TIMEOUT = Duration.ofSeconds(2);

	private final Io io;

	public ServerAckEvents(Io io) {
		this.io = io;
	}

	@IoEvent("ask-me")
	public CompletableFuture<Object> askMe(IoSocket socket) {
		return socket.timeout(QUESTION_TIMEOUT)
			.emitWithAck("question")
			.<Object>thenApply((answer) -> answer.isEmpty() ? null : answer.get(0))
			.exceptionally((failure) -> Map.of("error", "timeout"));
	}

	@IoEvent("poll-room")
	public CompletableFuture<List<Object>> pollRoom(String room, long timeoutMs) {
		if (room == null || timeoutMs < 1 || timeoutMs > 10_000) {
			throw new IoEventException("room is required and timeoutMs must be between 1 and 10000");
		}
		return this.io.to(room).timeout(Duration.ofMillis(timeoutMs)).emitWithAck("vote?");
	}

}
