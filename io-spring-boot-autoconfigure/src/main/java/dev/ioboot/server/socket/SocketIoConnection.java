package dev.ioboot.server.socket;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.IoConnectException;
import dev.ioboot.IoHandshake;
import dev.ioboot.IoMiddleware;
import dev.ioboot.IoPrincipal;
import dev.ioboot.server.IoRejection;
import dev.ioboot.server.IoServerListener;
import dev.ioboot.server.engine.EngineFrame;
import dev.ioboot.server.engine.EngineSession;
import dev.ioboot.server.engine.InvalidPacketException;
import dev.ioboot.server.engine.TransportHandshake;

/**
 * The Socket.IO side of one Engine.IO session: reads its packets (binary attachments
 * included), and connects, feeds and disconnects its namespace sockets.
 */
final class SocketIoConnection implements EngineSession.Listener {

	private static final Log logger = LogFactory.getLog(SocketIoConnection.class);

	private static final String SHUTTING_DOWN = "Server is shutting down";

	private static final String INTERNAL_ERROR = "Internal server error";

	/**
	 * How many times max-payload the binary attachments of one packet may take together.
	 */
	private static final int MAX_PAYLOADS_PER_PACKET = 10;

	private final EngineSession session;

	private final TransportHandshake handshake;

	private final ConnectionSupport support;

	private final Map<String, NamespaceSocket> sockets = new ConcurrentHashMap<>(2);

	private final Set<String> admitting = ConcurrentHashMap.newKeySet(2);

	/**
	 * Namespaces the server disconnected this client from; packets the client sent before it
	 * learnt so are dropped rather than treated as invalid.
	 */
	private final Set<String> disconnectedByServer = ConcurrentHashMap.newKeySet();

	/** The deadline to connect a namespace, or {@code null} once one connected or the client left. */
	private ScheduledFuture<?> connectTimeout;

	private boolean closed;

	private SocketIoPacket pendingPacket;

	private List<byte[]> pendingBuffers;

	private long pendingBytes;

	private volatile boolean accepting = true;

	/**
	 * Why every CONNECT of this connection is refused (a connection limit was reached when
	 * it opened), or {@code null}.
	 */
	private final String refusal;

	SocketIoConnection(EngineSession session, TransportHandshake handshake, ConnectionSupport support) {
		this.session = session;
		this.handshake = handshake;
		this.support = support;
		this.refusal = support.limiter().acquire(handshake.client());
		this.connectTimeout = scheduleConnectTimeout();
	}

	private ScheduledFuture<?> scheduleConnectTimeout() {
		return this.support.timer().schedule(this::connectTimedOut, this.support.connectTimeout().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Cancel the deadline to connect, and let its task go: an idle connection keeps none.
	 */
	private void cancelConnectTimeout() {
		if (this.connectTimeout != null) {
			this.connectTimeout.cancel(false);
			this.connectTimeout = null;
		}
	}

	EngineSession session() {
		return this.session;
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
			if (this.support.parser().readsAttachments()) {
				receiveAttachment(frame.binary());
			}
			else {
				handle(this.support.parser().parseBinary(frame.binary()), List.of());
			}
			return;
		}
		if (this.pendingPacket != null) {
			throw new InvalidPacketException("Text packet received while waiting for binary attachments");
		}
		SocketIoPacket packet = this.support.parser().parse(frame.utf8Buffer(), frame.utf8Start());
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
		this.pendingBytes += data.length;
		if (this.pendingBytes > (long) MAX_PAYLOADS_PER_PACKET * this.session.maxPayload()) {
			// each message is within max-payload; a packet may announce up to 1000 of them
			throw new InvalidPacketException("Attachments of one packet larger than " + MAX_PAYLOADS_PER_PACKET
					+ " times max-payload together");
		}
		this.pendingBuffers.add(data);
		if (this.pendingBuffers.size() == this.pendingPacket.attachments()) {
			SocketIoPacket packet = this.pendingPacket;
			List<byte[]> buffers = this.pendingBuffers;
			this.pendingPacket = null;
			this.pendingBuffers = null;
			this.pendingBytes = 0;
			handle(packet, buffers);
		}
	}

	private void handle(SocketIoPacket packet, List<byte[]> buffers) throws InvalidPacketException {
		switch (packet.type()) {
			case SocketIoPacket.CONNECT -> connect(packet);
			case SocketIoPacket.DISCONNECT -> {
				NamespaceSocket socket = connected(packet);
				if (socket != null) {
					this.sockets.remove(packet.namespace(), socket);
					socket.onDisconnect(DisconnectReasons.CLIENT_NAMESPACE_DISCONNECT);
				}
			}
			case SocketIoPacket.EVENT, SocketIoPacket.BINARY_EVENT -> {
				NamespaceSocket socket = connected(packet);
				if (socket == null) {
					return;
				}
				List<?> payload = (List<?>) packet.payload(buffers);
				String name = String.valueOf(payload.get(0));
				tell((listener) -> listener.eventReceived(socket.namespace(), name));
				if (socket.admitEvent(name)) {
					socket.onEvent(name, new ArrayList<>(payload.subList(1, payload.size())), packet.ackId());
				}
			}
			case SocketIoPacket.ACK, SocketIoPacket.BINARY_ACK -> {
				NamespaceSocket socket = connected(packet);
				if (socket != null) {
					@SuppressWarnings("unchecked")
					List<Object> args = (List<Object>) packet.payload(buffers);
					socket.onAck(packet.ackId(), args);
				}
			}
			default -> throw new InvalidPacketException("Clients may not send packet type " + packet.type());
		}
	}

	/**
	 * Return the socket a packet is for. Like socket.io, a packet for a namespace the client
	 * has not connected to closes the connection; one for a namespace the server has just
	 * disconnected the client from is dropped ({@code null}).
	 */
	private NamespaceSocket connected(SocketIoPacket packet) throws InvalidPacketException {
		NamespaceSocket socket = this.sockets.get(packet.namespace());
		if (socket == null && this.disconnectedByServer.contains(packet.namespace())) {
			// sent before the client read the server's DISCONNECT: dropped, and the connection
			// stays open so that the client does read it
			return null;
		}
		if (socket == null) {
			throw new InvalidPacketException(
					"Packet type " + packet.type() + " for namespace " + packet.namespace() + ", which is not connected");
		}
		return socket;
	}

	private void connect(SocketIoPacket packet) throws InvalidPacketException {
		String name = packet.namespace();
		Object auth = packet.payload(List.of());
		@SuppressWarnings("unchecked")
		Map<String, Object> authMap = (auth instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
		IoHandshake handshake = NamespaceSocket.handshake(this.handshake, authMap);
		SocketNamespace namespace = findNamespace(name, handshake);
		if (namespace == null) {
			tell((listener) -> listener.connectionRejected(name, IoRejection.NAMESPACE));
			this.session.send(writer().connectError(name, "Invalid namespace", null));
			return;
		}
		if (this.refusal != null) {
			refuseOverLimit(name);
			return;
		}
		if (!this.accepting) {
			tell((listener) -> listener.connectionRejected(name, IoRejection.SHUTDOWN));
			this.session.send(writer().connectError(name, SHUTTING_DOWN, null));
			return;
		}
		if (this.sockets.containsKey(name) || !this.admitting.add(name)) {
			throw new InvalidPacketException("Second CONNECT to namespace " + name);
		}
		SessionRecovery recovery = namespace.recovery();
		if (recovery == null) {
			admitLater(handshake, namespace, null);
			return;
		}
		// a session kept by the adapter is found asynchronously
		recovery.claim(authMap.get("pid"), authMap.get("offset"))
			.whenComplete((claim, failure) -> admitLater(handshake, namespace, (failure == null) ? claim : null));
	}

	/**
	 * Create the socket and admit it off the network thread.
	 */
	private void admitLater(IoHandshake handshake, SocketNamespace namespace, SessionRecovery.Claim claim) {
		String name = namespace.name();
		NamespaceSocket socket = new NamespaceSocket(this.session, handshake, namespace, this.support.sockets(),
				this::remove, claim);
		try {
			this.support.sockets().handlers().execute(() -> admit(socket));
		}
		catch (RejectedExecutionException ex) {
			synchronized (this) {
				this.admitting.remove(name);
			}
			tell((listener) -> listener.connectionRejected(name, IoRejection.SHUTDOWN));
			this.session.send(writer().connectError(name, SHUTTING_DOWN, null));
		}
	}

	/**
	 * Find the namespace a client connects to; a dynamic namespace group that fails to decide
	 * refuses it.
	 */
	private SocketNamespace findNamespace(String name, IoHandshake handshake) {
		try {
			return this.support.namespaces().connectTo(name, handshake);
		}
		catch (RuntimeException ex) {
			logger.error("Deciding whether namespace " + LogValues.cut(name) + " exists for "
					+ handshake.address() + " failed", ex);
			return null;
		}
	}

	/**
	 * Refuse the CONNECT of a connection opened over a connection limit, and close it.
	 */
	private void refuseOverLimit(String namespace) {
		String message = IoRejection.MAX_CONNECTIONS.equals(this.refusal) ? "Too many connections"
				: "Too many connections from this address";
		logger.info("Refused " + this.handshake.clientAddress() + " on namespace " + namespace + ": " + message);
		tell((listener) -> listener.connectionRejected(namespace, this.refusal));
		this.session.send(writer().connectError(namespace, message, null));
		this.session.close(DisconnectReasons.SERVER_NAMESPACE_DISCONNECT);
	}

	/**
	 * Decide who the socket is (off the network thread: an authenticator may block), then
	 * connect it, or refuse it with a {@code connect_error}.
	 */
	private void admit(NamespaceSocket socket) {
		try {
			IoPrincipal principal;
			try {
				principal = this.support.principals().resolve(socket.handshake());
			}
			catch (IoConnectException ex) {
				refuse(socket, IoRejection.AUTHENTICATION, ex);
				return;
			}
			catch (RuntimeException ex) {
				logger.error("Resolving the principal of " + socket.handshake().address() + " on namespace "
						+ socket.namespace() + " failed", ex);
				refuse(socket, IoRejection.ERROR, new IoConnectException(INTERNAL_ERROR));
				return;
			}
			socket.authenticated(principal);
			boolean skipMiddlewares = socket.claim() != null && socket.namespaceRecovery().skipMiddlewares();
			for (IoMiddleware middleware : skipMiddlewares ? List.<IoMiddleware>of() : socket.interceptors().connect()) {
				try {
					middleware.connect(socket);
				}
				catch (IoConnectException ex) {
					refuse(socket, IoRejection.MIDDLEWARE, ex);
					return;
				}
				catch (RuntimeException ex) {
					logger.error("Middleware " + middleware.getClass().getName() + " failed for "
							+ socket.handshake().address() + " on namespace " + socket.namespace(), ex);
					refuse(socket, IoRejection.ERROR, new IoConnectException(INTERNAL_ERROR));
					return;
				}
			}
			connectAdmitted(socket);
		}
		catch (RuntimeException ex) {
			logger.error("Connecting " + socket.handshake().address() + " to namespace " + socket.namespace()
					+ " failed; closing its connection", ex);
			this.session.closeNow("server error", null);
		}
		finally {
			synchronized (this) {
				this.admitting.remove(socket.namespace());
			}
		}
	}

	private synchronized void connectAdmitted(NamespaceSocket socket) {
		if (this.closed) {
			socket.leaveAll();
			return;
		}
		if (!this.accepting) {
			socket.leaveAll();
			tell((listener) -> listener.connectionRejected(socket.namespace(), IoRejection.SHUTDOWN));
			this.session.send(writer().connectError(socket.namespace(), SHUTTING_DOWN, null));
			return;
		}
		socket.joinPrincipalRooms();
		this.disconnectedByServer.remove(socket.namespace());
		this.sockets.put(socket.namespace(), socket);
		cancelConnectTimeout();
		SessionRecovery.Claim claim = socket.claim();
		if (claim == null) {
			answerConnect(socket);
			socket.announceConnected();
			return;
		}
		// as socket.io: the missed packets, then the CONNECT, with no broadcast in between
		socket.namespaceRecovery().replay(claim, (missed, lastPosition) -> {
			synchronized (this) {
				if (this.closed) {
					socket.leaveAll();
					return;
				}
				socket.recover(lastPosition);
				this.session.sendAll(missed);
				answerConnect(socket);
			}
		}).whenComplete((complete, failure) -> {
			if (failure != null) {
				logger.warn("Socket " + socket.id() + " recovered on namespace " + socket.namespace()
						+ " without the packets it missed: they could not be read (" + failure.getMessage() + ")");
				synchronized (this) {
					if (this.closed) {
						socket.leaveAll();
						return;
					}
					socket.recover(0);
					answerConnect(socket);
				}
			}
			else if (!complete) {
				logger.warn("Socket " + socket.id() + " recovered on namespace " + socket.namespace()
						+ ", but packets it missed had already left the recovery buffer (see "
						+ "io.socket.server-options.connection-state-recovery.buffer-limit)");
			}
			socket.announceConnected();
		});
	}

	/**
	 * Connect a socket and send its CONNECT answer under the session's lock: the socket is found
	 * and reached by broadcasts as soon as its client can know it, and whatever another thread
	 * sends it meanwhile follows the answer. The session never calls its listener with its lock
	 * held, so this lock order (connection, then session) cannot deadlock.
	 */
	private void answerConnect(NamespaceSocket socket) {
		synchronized (this.session) {
			socket.markConnected();
			this.session.send(writer().connect(socket.namespace(), socket.connectPayload()));
		}
	}

	private synchronized void refuse(NamespaceSocket socket, String reason, IoConnectException ex) {
		socket.leaveAll();
		if (this.closed) {
			return;
		}
		if (!IoRejection.ERROR.equals(reason)) {
			logger.info("Refused " + socket.handshake().address() + " on namespace " + socket.namespace() + ": "
					+ ex.getMessage());
			if (ex.getCause() != null && logger.isDebugEnabled()) {
				logger.debug("Cause of the refusal of " + socket.handshake().address(), ex.getCause());
			}
		}
		tell((listener) -> listener.connectionRejected(socket.namespace(), reason));
		this.admitting.remove(socket.namespace());
		this.session.send(writer().connectError(socket.namespace(), ex.getMessage(), ex.getData()));
		if (this.sockets.isEmpty() && (this.connectTimeout == null || this.connectTimeout.isDone())) {
			// the deadline passed while the client was being authenticated: one more period
			this.connectTimeout = scheduleConnectTimeout();
		}
	}

	/**
	 * Remove a socket that the server disconnected from its namespace.
	 * @param socket the socket
	 */
	private void remove(NamespaceSocket socket) {
		if (this.sockets.remove(socket.namespace(), socket)) {
			this.disconnectedByServer.add(socket.namespace());
		}
	}

	private PacketEncoder writer() {
		return this.support.sockets().writer();
	}

	private void tell(Consumer<IoServerListener> callback) {
		this.support.sockets().listeners().each(callback);
	}

	private synchronized void connectTimedOut() {
		if (!this.closed && this.sockets.isEmpty() && this.admitting.isEmpty()) {
			logger.debug("Closing session " + this.session.id() + ": no CONNECT within the connect timeout");
			this.session.closeNow("connect timeout", null);
		}
	}

	@Override
	public synchronized void onClose(String reason) {
		if (!this.closed && this.refusal == null) {
			this.support.limiter().release(this.handshake.client());
		}
		this.closed = true;
		this.pendingPacket = null;
		this.pendingBuffers = null;
		cancelConnectTimeout();
		String socketReason = DisconnectReasons.of(reason);
		for (NamespaceSocket socket : List.copyOf(this.sockets.values())) {
			this.sockets.remove(socket.namespace(), socket);
			socket.onDisconnect(socketReason);
		}
		String id = this.session.id();
		tell((listener) -> listener.clientDisconnected(id, reason));
	}

	@Override
	public void onUpgrade() {
		String id = this.session.id();
		tell((listener) -> listener.clientUpgraded(id, "websocket"));
	}

}
