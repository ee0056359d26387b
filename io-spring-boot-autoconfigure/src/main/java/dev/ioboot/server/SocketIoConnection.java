package dev.ioboot.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.corundumstudio.socketio.namespace.Namespace;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The Socket.IO side of one Engine.IO session: reads its packets (binary attachments
 * included), and connects, feeds and disconnects its namespace sockets.
 */
final class SocketIoConnection implements EngineSession.Listener {

	private static final Log logger = LogFactory.getLog(SocketIoConnection.class);

	private final EngineSession session;

	private final TransportHandshake handshake;

	private final SocketIoRuntime runtime;

	private final Map<String, NamespaceSocket> sockets = new ConcurrentHashMap<>();

	private final ScheduledFuture<?> connectTimeout;

	private SocketIoPacket pendingPacket;

	private List<byte[]> pendingBuffers;

	private volatile boolean accepting = true;

	SocketIoConnection(EngineSession session, TransportHandshake handshake, SocketIoRuntime runtime) {
		this.session = session;
		this.handshake = handshake;
		this.runtime = runtime;
		this.connectTimeout = runtime.timer().schedule(this::connectTimedOut,
				runtime.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	EngineSession session() {
		return this.session;
	}

	TransportHandshake handshake() {
		return this.handshake;
	}

	SocketIoRuntime runtime() {
		return this.runtime;
	}

	Collection<NamespaceSocket> sockets() {
		return List.copyOf(this.sockets.values());
	}

	void stopAccepting() {
		this.accepting = false;
	}

	@Override
	public synchronized void onMessage(EngineFrame frame) throws InvalidPacketException {
		if (frame.isBinary()) {
			receiveAttachment(frame.binary());
			return;
		}
		if (this.pendingPacket != null) {
			throw new InvalidPacketException("Text packet received while waiting for binary attachments");
		}
		SocketIoPacket packet = this.runtime.parser().parse(frame.text());
		if (packet.attachments() > 0) {
			this.pendingPacket = packet;
			this.pendingBuffers = new ArrayList<>(packet.attachments());
			return;
		}
		handle(packet, List.of());
	}

	private void receiveAttachment(byte[] data) throws InvalidPacketException {
		if (this.pendingPacket == null) {
			throw new InvalidPacketException("Unexpected binary message");
		}
		this.pendingBuffers.add(data);
		if (this.pendingBuffers.size() == this.pendingPacket.attachments()) {
			SocketIoPacket packet = this.pendingPacket;
			List<byte[]> buffers = this.pendingBuffers;
			this.pendingPacket = null;
			this.pendingBuffers = null;
			handle(packet, buffers);
		}
	}

	private void handle(SocketIoPacket packet, List<byte[]> buffers) throws InvalidPacketException {
		switch (packet.type()) {
			case SocketIoPacket.CONNECT -> connect(packet);
			case SocketIoPacket.DISCONNECT -> {
				NamespaceSocket socket = connected(packet);
				this.sockets.remove(packet.namespace(), socket);
				socket.onDisconnect("client namespace disconnect");
			}
			case SocketIoPacket.EVENT, SocketIoPacket.BINARY_EVENT -> {
				NamespaceSocket socket = connected(packet);
				List<?> payload = (List<?>) packet.payload(buffers);
				Object name = payload.get(0);
				socket.onEvent(String.valueOf(name), new ArrayList<>(payload.subList(1, payload.size())),
						packet.ackId());
			}
			case SocketIoPacket.ACK, SocketIoPacket.BINARY_ACK -> connected(packet).onAck(packet.ackId(),
					(List<?>) packet.payload(buffers));
			default -> throw new InvalidPacketException("Clients may not send packet type " + packet.type());
		}
	}

	/**
	 * Return the socket a packet is for. Like socket.io, a packet for a namespace the client
	 * has not connected to closes the connection.
	 */
	private NamespaceSocket connected(SocketIoPacket packet) throws InvalidPacketException {
		NamespaceSocket socket = this.sockets.get(packet.namespace());
		if (socket == null) {
			throw new InvalidPacketException(
					"Packet type " + packet.type() + " for namespace " + packet.namespace() + ", which is not connected");
		}
		return socket;
	}

	private void connect(SocketIoPacket packet) throws InvalidPacketException {
		String name = packet.namespace();
		Namespace namespace = this.runtime.namespaces().find(name);
		if (namespace == null) {
			this.session.send(this.runtime.writer().connectError(name, "Invalid namespace"));
			return;
		}
		if (!this.accepting) {
			this.session.send(this.runtime.writer().connectError(name, "Server is shutting down"));
			return;
		}
		if (this.sockets.containsKey(name)) {
			throw new InvalidPacketException("Second CONNECT to namespace " + name);
		}
		Object auth = packet.payload(List.of());
		@SuppressWarnings("unchecked")
		Map<String, Object> authMap = (auth instanceof Map<?, ?> map) ? (Map<String, Object>) map
				: new LinkedHashMap<>();
		NamespaceSocket socket = new NamespaceSocket(this, namespace, name, authMap);
		this.sockets.put(name, socket);
		this.connectTimeout.cancel(false);
		this.session.send(this.runtime.writer().connect(name, socket.id()));
		socket.onConnect();
	}

	/**
	 * Remove a socket that the server disconnected from its namespace.
	 * @param socket the socket
	 */
	void remove(NamespaceSocket socket) {
		this.sockets.remove(socket.namespace(), socket);
	}

	private void connectTimedOut() {
		if (this.sockets.isEmpty()) {
			logger.debug("Closing session " + this.session.id() + ": no CONNECT within the connect timeout");
			this.session.closeNow("connect timeout", null);
		}
	}

	@Override
	public void onClose(String reason) {
		this.connectTimeout.cancel(false);
		for (NamespaceSocket socket : List.copyOf(this.sockets.values())) {
			this.sockets.remove(socket.namespace(), socket);
			socket.onDisconnect(reason);
		}
	}

}
