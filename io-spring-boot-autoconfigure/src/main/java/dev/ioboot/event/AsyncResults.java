package dev.ioboot.event;

import java.util.Iterator;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.BaseStream;

import org.springframework.util.ClassUtils;

/**
 * Handler results that complete later: a {@link CompletionStage} (such as a
 * {@code CompletableFuture}), or Reactor's {@code Mono} when Reactor is on the class path.
 */
final class AsyncResults {

	private static final boolean reactorPresent = ClassUtils.isPresent("reactor.core.publisher.Mono",
			AsyncResults.class.getClassLoader());

	private AsyncResults() {
	}

	/**
	 * Adapt a result that completes later.
	 * @param result what a handler returned
	 * @return the stage it completes with, or {@code null} for a plain value
	 */
	static CompletionStage<?> adapt(Object result) {
		if (result instanceof CompletionStage<?> stage) {
			return stage;
		}
		return reactorPresent ? ReactorResults.adapt(result) : null;
	}

	/**
	 * Check that a handler's return type can be an acknowledgement.
	 * @param type the return type
	 * @param description the handler, for the message
	 * @throws IllegalStateException for a type that is no single value
	 */
	static void checkReturnType(Class<?> type, String description) {
		boolean multiValued = BaseStream.class.isAssignableFrom(type) || Iterator.class.isAssignableFrom(type)
				|| (reactorPresent && ReactorResults.isMultiValued(type));
		boolean blockingFuture = Future.class.isAssignableFrom(type) && !CompletionStage.class.isAssignableFrom(type);
		if (multiValued || blockingFuture) {
			throw new IllegalStateException(description + " returns " + type.getName()
					+ ", which cannot be an acknowledgement: return a value, a CompletableFuture or CompletionStage, "
					+ "a Mono, or void and acknowledge through IoAck");
		}
	}

}
