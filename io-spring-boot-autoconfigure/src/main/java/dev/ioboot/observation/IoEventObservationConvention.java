package dev.ioboot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of {@code io.event} observations, one per event handled;
 * a bean of this type replaces {@link DefaultIoEventObservationConvention}.
 */
public interface IoEventObservationConvention extends ObservationConvention<IoEventContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof IoEventContext;
	}

}
