package dev.ioboot.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import dev.ioboot.IoSocket;

/**
 * The default {@link IoEventObservationConvention}: observations named {@value #NAME}, with
 * the low-cardinality key values {@code namespace} (the group of a dynamic namespace),
 * {@code event} (bounded, see {@link IoEventContext#getEventKeyValue()}) and
 * {@code outcome} ({@code HANDLED}, {@code FAILED}, {@code UNKNOWN} while the event is
 * handled), and the high-cardinality key value {@code socket.id} (absent for events other
 * nodes send).
 */
public class DefaultIoEventObservationConvention implements IoEventObservationConvention {

	/**
	 * The name of the observations.
	 */
	public static final String NAME = "io.event";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(IoEventContext context) {
		return "io " + context.getEventKeyValue();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(IoEventContext context) {
		String outcome = (context.getOutcome() != null) ? context.getOutcome().name() : "UNKNOWN";
		return KeyValues.of(KeyValue.of("namespace", context.getNamespaceKeyValue()),
				KeyValue.of("event", context.getEventKeyValue()), KeyValue.of("outcome", outcome));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(IoEventContext context) {
		IoSocket socket = context.getSocket();
		return (socket != null) ? KeyValues.of("socket.id", socket.id()) : KeyValues.empty();
	}

}
