package dev.ioboot.sample.content;

/**
 * Thrown on purpose by a write called with {@code fail=true}, after its SQL ran: the
 * transaction rolls back, nothing is committed and no change event is sent.
 */
public class SimulatedFailureException extends RuntimeException {

	SimulatedFailureException(String operation) {
		super("Simulated failure after " + operation + ": the transaction was rolled back");
	}

	static void throwIf(boolean fail, String operation) {
		if (fail) {
			throw new SimulatedFailureException(operation);
		}
	}

}
