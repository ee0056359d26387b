package dev.ioboot.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

import dev.ioboot.IoHandshake;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEventDispatcher;
import dev.ioboot.event.IoEventHandling;

/**
 * The context of an {@code io.event} observation: one event handled by a handler. Its carrier
 * is the handshake of the socket, so that a tracing handler continues the trace of a
 * {@code traceparent} header sent with the handshake.
 */
public class IoEventContext extends ReceiverContext<IoHandshake> {

	private final IoEventHandling handling;

	private final String eventKeyValue;

	private volatile IoEventDispatcher.Outcome outcome;

	/**
	 * Create a context.
	 * @param handling the event being handled
	 * @param eventKeyValue the event name as a low-cardinality value: the name, or
	 * {@code OTHER} beyond {@code io.metrics.max-event-names} distinct names
	 */
	public IoEventContext(IoEventHandling handling, String eventKeyValue) {
		super(HandshakeHeaders.INSTANCE, Kind.CONSUMER);
		this.handling = handling;
		this.eventKeyValue = eventKeyValue;
		IoSocket socket = handling.socket();
		if (socket != null) {
			setCarrier(socket.handshake());
		}
	}

	/**
	 * Return the event being handled.
	 * @return the handling
	 */
	public IoEventHandling getHandling() {
		return this.handling;
	}

	/**
	 * Return the socket whose event is handled.
	 * @return the socket, or {@code null} for an event another node sent
	 */
	public IoSocket getSocket() {
		return this.handling.socket();
	}

	/**
	 * Return the namespace.
	 * @return the namespace
	 */
	public String getNamespace() {
		return this.handling.namespace();
	}

	/**
	 * Return the namespace as a low-cardinality value: the group of a dynamic namespace, the
	 * namespace itself otherwise.
	 * @return the namespace or its group
	 */
	public String getNamespaceKeyValue() {
		IoSocket socket = this.handling.socket();
		return (socket != null) ? socket.namespaceGroup().orElse(socket.namespace()) : this.handling.namespace();
	}

	/**
	 * Return the event name as the client sent it (a high-cardinality value).
	 * @return the event name
	 */
	public String getEvent() {
		return this.handling.event();
	}

	/**
	 * Return the event name as a low-cardinality value: the name itself, or {@code OTHER}
	 * beyond {@code io.metrics.max-event-names} distinct names.
	 * @return the bounded event name
	 */
	public String getEventKeyValue() {
		return this.eventKeyValue;
	}

	/**
	 * Return the outcome of the handling.
	 * @return the outcome, or {@code null} while the event is handled
	 */
	public IoEventDispatcher.Outcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Set the outcome of the handling.
	 * @param outcome the outcome
	 */
	public void setOutcome(IoEventDispatcher.Outcome outcome) {
		this.outcome = outcome;
	}

}
