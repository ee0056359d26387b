package dev.ioboot.server.socket;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.ioboot.event.IoAck;

/**
 * The acknowledgement of one event a client sent.
 */
final class SocketAck implements IoAck {

	private final Long ackId;

	private final Sender sender;

	private final AtomicBoolean sent = new AtomicBoolean();

	/**
	 * Create the acknowledgement of an event.
	 * @param ackId the id the client asked for, or {@code null} if it asked for none
	 * @param sender writes the ACK packet
	 */
	SocketAck(Long ackId, Sender sender) {
		this.ackId = ackId;
		this.sender = sender;
	}

	@Override
	public boolean requested() {
		return this.ackId != null;
	}

	@Override
	public void send(Object... args) {
		if (this.ackId != null && this.sent.compareAndSet(false, true)) {
			try {
				this.sender.send(this.ackId, args);
			}
			catch (RuntimeException ex) {
				// not written (a value JSON cannot represent): another answer may still go out
				this.sent.set(false);
				throw ex;
			}
		}
	}

	/**
	 * Writes an ACK packet to the client.
	 */
	@FunctionalInterface
	interface Sender {

		void send(long ackId, Object... args);

	}

}
