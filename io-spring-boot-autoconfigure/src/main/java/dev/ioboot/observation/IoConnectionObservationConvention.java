package dev.ioboot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of {@code io.connection} observations, one per socket
 * from connection to disconnection; a bean of this type replaces
 * {@link DefaultIoConnectionObservationConvention}.
 */
public interface IoConnectionObservationConvention extends ObservationConvention<IoConnectionContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof IoConnectionContext;
	}

}
