package dev.ioboot.benchmarks.server.starter;

import java.util.Map;

import dev.ioboot.Io;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The benchmark's handlers, the same on every server: {@code echo}, {@code join},
 * {@code fanout} and {@code chat}, on the handler pool (the default). The
 * {@code non-blocking} profile declares the same handlers non-blocking instead
 * ({@link NonBlockingBenchEvents}); {@link GcEvent} is in both.
 */
@Component
@Profile("!non-blocking")
class BenchEvents {

	private final Io io;

	BenchEvents(Io io) {
		this.io = io;
	}

	/** {@code echo (payload)}: acknowledges with the payload. */
	@IoEvent("echo")
	Object echo(Object payload) {
		return payload;
	}

	/** {@code join (room)}: joins the room and acknowledges with {@code true}. */
	@IoEvent("join")
	boolean join(IoSocket socket, String room) {
		socket.join(room);
		return true;
	}

	/** {@code fanout ({room, t, payload})}: emits {@code tick} with the same object to the room. */
	@IoEvent("fanout")
	void fanout(Map<String, Object> trigger) {
		this.io.to(String.valueOf(trigger.get("room"))).emit("tick", trigger);
	}

	/**
	 * {@code chat ({room, ...})}: sends {@code chat} with the same object to the rest of the room
	 * (not back to the sender) and acknowledges with {@code true}.
	 */
	@IoEvent("chat")
	boolean chat(IoSocket socket, Map<String, Object> message) {
		socket.to(String.valueOf(message.get("room"))).emit("chat", message);
		return true;
	}

}
