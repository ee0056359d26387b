package dev.ioboot.benchmarks.server.starter;

import dev.ioboot.event.IoEvent;
import org.springframework.stereotype.Component;

/**
 * {@code gc ()}: runs a full garbage collection and acknowledges with {@code true}. It blocks,
 * so it stays on the handler pool in every profile.
 */
@Component
class GcEvent {

	@IoEvent("gc")
	boolean gc() {
		System.gc();
		return true;
	}

}
