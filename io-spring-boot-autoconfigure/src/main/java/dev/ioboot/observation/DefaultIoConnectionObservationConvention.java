package dev.ioboot.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link IoConnectionObservationConvention}: observations named {@value #NAME},
 * with the low-cardinality key values {@code namespace} (the group of a dynamic namespace)
 * and {@code reason} (the Socket.IO disconnect reason, such as
 * {@code client namespace disconnect} or {@code transport close}; {@code none} while the
 * socket is connected), and the high-cardinality key value {@code socket.id}.
 */
public class DefaultIoConnectionObservationConvention implements IoConnectionObservationConvention {

	/**
	 * The name of the observations.
	 */
	public static final String NAME = "io.connection";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(IoConnectionContext context) {
		return "io connection " + context.getNamespaceKeyValue();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(IoConnectionContext context) {
		String reason = (context.getReason() != null) ? context.getReason() : "none";
		return KeyValues.of(KeyValue.of("namespace", context.getNamespaceKeyValue()),
				KeyValue.of("reason", reason));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(IoConnectionContext context) {
		return KeyValues.of("socket.id", context.getSocket().id());
	}

}
