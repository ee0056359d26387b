package dev.ioboot.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

import dev.ioboot.IoHandshake;
import dev.ioboot.IoSocket;

/**
 * The context of an {@code io.connection} observation: a socket, from its connection to a
 * namespace to its disconnection. Its carrier is the socket's handshake, so that a tracing
 * handler continues the trace of a {@code traceparent} header sent with the handshake.
 */
public class IoConnectionContext extends ReceiverContext<IoHandshake> {

	private final IoSocket socket;

	private volatile String reason;

	/**
	 * Create a context.
	 * @param socket the socket
	 */
	public IoConnectionContext(IoSocket socket) {
		super(HandshakeHeaders.INSTANCE, Kind.SERVER);
		this.socket = socket;
		setCarrier(socket.handshake());
	}

	/**
	 * Return the socket.
	 * @return the socket
	 */
	public IoSocket getSocket() {
		return this.socket;
	}

	/**
	 * Return the namespace as a low-cardinality value: the group of a dynamic namespace, the
	 * namespace itself otherwise.
	 * @return the namespace or its group
	 */
	public String getNamespaceKeyValue() {
		return this.socket.namespaceGroup().orElse(this.socket.namespace());
	}

	/**
	 * Return why the socket disconnected.
	 * @return the Socket.IO reason, such as {@code transport close}, or {@code null} while it
	 * is connected
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Set why the socket disconnected.
	 * @param reason the Socket.IO reason
	 */
	public void setReason(String reason) {
		this.reason = reason;
	}

}
