package dev.ioboot.server;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.ioboot.event.IoAck;

/**
 * The acknowledgement of one event received by a {@link NamespaceSocket}.
 */
final class SocketAck implements IoAck {

	private final NamespaceSocket socket;

	private final Long ackId;

	private final AtomicBoolean sent = new AtomicBoolean();

	SocketAck(NamespaceSocket socket, Long ackId) {
		this.socket = socket;
		this.ackId = ackId;
	}

	@Override
	public boolean requested() {
		return this.ackId != null;
	}

	@Override
	public void send(Object... args) {
		if (this.ackId != null && this.sent.compareAndSet(false, true)) {
			try {
				this.socket.sendAck(this.ackId, args);
			}
			catch (RuntimeException ex) {
				// not written (a value JSON cannot represent): another answer may still go out
				this.sent.set(false);
				throw ex;
			}
		}
	}

	boolean isSent() {
		return this.sent.get();
	}

}
