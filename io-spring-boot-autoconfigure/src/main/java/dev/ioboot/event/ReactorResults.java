package dev.ioboot.event;

import java.util.concurrent.CompletionStage;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Reactor's results, loaded only when Reactor is on the class path.
 */
final class ReactorResults {

	private ReactorResults() {
	}

	static CompletionStage<?> adapt(Object result) {
		return (result instanceof Mono<?> mono) ? mono.toFuture() : null;
	}

	static boolean isMultiValued(Class<?> type) {
		return Publisher.class.isAssignableFrom(type) && !Mono.class.isAssignableFrom(type);
	}

}
