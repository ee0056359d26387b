package dev.ioboot.benchmarks.server.starter;

import java.util.Map;

import dev.ioboot.Io;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The {@code non-blocking} profile: the handlers of {@link BenchEvents}, doing the same work,
 * declared {@code @IoEvent(nonBlocking = true)}, so that they run on the network threads. None
 * of them waits on anything: {@code fanout} and {@code chat} hand their packets to the
 * sockets' channels.
 */
@Component
@Profile("non-blocking")
class NonBlockingBenchEvents {

	private final BenchEvents work;

	NonBlockingBenchEvents(Io io) {
		// not a bean here: its own @IoEvent methods are not registered in this profile
		this.work = new BenchEvents(io);
	}

	@IoEvent(value = "echo", nonBlocking = true)
	Object echo(Object payload) {
		return this.work.echo(payload);
	}

	@IoEvent(value = "join", nonBlocking = true)
	boolean join(IoSocket socket, String room) {
		return this.work.join(socket, room);
	}

	@IoEvent(value = "fanout", nonBlocking = true)
	void fanout(Map<String, Object> trigger) {
		this.work.fanout(trigger);
	}

	@IoEvent(value = "chat", nonBlocking = true)
	boolean chat(IoSocket socket, Map<String, Object> message) {
		return this.work.chat(socket, message);
	}

}
