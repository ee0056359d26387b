package dev.ioboot.benchmarks.server.starter;

import java.util.Map;

import dev.ioboot.Io;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEvent;
import org.springframework.stereotype.Component;

/**
 * The benchmark's handlers, the same on every server: {@code echo}, {@code join},
 * {@code fanout}, {@code chat} and {@code gc}.
 */
@Component
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

	/** {@code gc ()}: runs a full garbage collection and acknowledges with {@code true}. */
	@IoEvent("gc")
	boolean gc() {
		System.gc();
		return true;
	}

}
