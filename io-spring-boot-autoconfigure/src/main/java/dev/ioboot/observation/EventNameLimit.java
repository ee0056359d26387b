package dev.ioboot.observation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the event names used as low-cardinality values, as the {@code io.*} meters do:
 * event names come from clients, so only the first {@code max} distinct names of 100
 * characters or fewer are kept, every other name is {@value #OTHER}.
 */
final class EventNameLimit {

	static final String OTHER = "OTHER";

	private static final int MAX_LENGTH = 100;

	private final int max;

	private final Set<String> names = ConcurrentHashMap.newKeySet();

	EventNameLimit(int max) {
		this.max = max;
	}

	String value(String event) {
		if (this.names.contains(event)) {
			return event;
		}
		if (event.length() > MAX_LENGTH || this.names.size() >= this.max) {
			return OTHER;
		}
		synchronized (this.names) {
			if (this.names.size() < this.max) {
				this.names.add(event);
				return event;
			}
		}
		return OTHER;
	}

}
