package dev.ioboot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.Ordered;

import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEventHandling;
import dev.ioboot.event.IoHandlerDecorator;

/**
 * Observes each handled event as an {@code io.event} observation (see
 * {@link DefaultIoEventObservationConvention}): started when its handler is called, in scope
 * while the handler runs and while the result it returned completes, stopped when the
 * handling is over, with the outcome and the error, if any. Ordered before other decorators,
 * so that they see the observation, and a tracer's span, in scope.
 */
public class ObservationHandlerDecorator implements IoHandlerDecorator, Ordered {

	/**
	 * The order of this decorator: early, before the {@link MdcHandlerDecorator}.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	private static final String OBSERVATION = ObservationHandlerDecorator.class.getName() + ".observation";

	private static final IoEventObservationConvention DEFAULT_CONVENTION = new DefaultIoEventObservationConvention();

	private final ObservationRegistry registry;

	private final IoEventObservationConvention convention;

	private final EventNameLimit eventNames;

	/**
	 * Create a decorator.
	 * @param registry where observations are made
	 * @param convention the convention, or {@code null} for the default one
	 * @param maxEventNames the most distinct event names used as the {@code event} key
	 * value; beyond that, {@code OTHER}
	 */
	public ObservationHandlerDecorator(ObservationRegistry registry, IoEventObservationConvention convention,
			int maxEventNames) {
		this.registry = registry;
		this.convention = convention;
		this.eventNames = new EventNameLimit(maxEventNames);
	}

	@Override
	public Runnable decorate(IoSocket socket, Runnable call) {
		// called without the event by other dispatchers: nothing to observe
		return call;
	}

	@Override
	public Runnable decorate(IoEventHandling handling, Runnable call) {
		Observation observation = (Observation) handling.attributes().computeIfAbsent(OBSERVATION,
				(key) -> start(handling));
		return () -> {
			try (Observation.Scope scope = observation.openScope()) {
				call.run();
			}
		};
	}

	private Observation start(IoEventHandling handling) {
		IoEventContext context = new IoEventContext(handling, this.eventNames.value(handling.event()));
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		handling.whenComplete((outcome, failure) -> {
			context.setOutcome(outcome);
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		});
		return observation;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
