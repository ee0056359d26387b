package dev.ioboot.server;

import java.net.SocketAddress;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.HandshakeData;
import com.corundumstudio.socketio.MultiTypeAckCallback;
import com.corundumstudio.socketio.MultiTypeArgs;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.IoBroadcast;
import dev.ioboot.IoHandshake;
import dev.ioboot.IoPrincipal;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEventDispatcher;

/**
 * One client connected to one namespace. It is both the starter's {@link IoSocket} and a
 * netty-socketio {@link SocketIOClient}, so that netty-socketio's {@link Namespace} keeps its
 * room membership and its broadcast operations reach it, encoded by this starter.
 */
final class NamespaceSocket implements IoSocket, SocketIOClient {

	private static final Log logger = LogFactory.getLog(NamespaceSocket.class);

	private final UUID uuid = UUID.randomUUID();

	private final String id = this.uuid.toString();

	private final SocketIoConnection connection;

	private final Namespace namespace;

	private final String name;

	private final IoHandshake handshake;

	private final SerialExecutor executor;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final AtomicBoolean connected = new AtomicBoolean();

	/** Whether the socket has left its namespace: it joins no room any more. */
	private volatile boolean disconnected;

	private final AtomicLong ackIds = new AtomicLong();

	private volatile IoPrincipal principal = IoPrincipal.anonymous();

	private final Map<Long, AckCallback<?>> acks = new ConcurrentHashMap<>();

	private final EventRateLimiter rateLimiter;

	NamespaceSocket(SocketIoConnection connection, Namespace namespace, String name, Map<String, Object> auth) {
		this.connection = connection;
		this.namespace = namespace;
		this.name = name;
		TransportHandshake transport = connection.handshake();
		this.handshake = new IoHandshake(transport.headers(), transport.query(), Collections.unmodifiableMap(auth),
				transport.clientAddress(), transport.url(), transport.time(), transport.secure());
		this.executor = new SerialExecutor(connection.runtime().handlers());
		int rate = connection.runtime().limits().eventsPerSecond();
		this.rateLimiter = (rate > 0) ? new EventRateLimiter(rate) : null;
	}

	// ---- lifecycle, called by the connection

	/**
	 * Take the principal the socket was admitted as, before the middlewares run.
	 * @param principal the principal
	 */
	void authenticated(IoPrincipal principal) {
		this.principal = principal;
	}

	/**
	 * Join the principal's rooms, before the socket is connected.
	 */
	void joinPrincipalRooms() {
		join(this.principal.rooms().toArray(String[]::new));
	}

	/**
	 * Leave every room joined while the socket was being admitted, when it is refused.
	 */
	void leaveAll() {
		for (String room : Set.copyOf(this.namespace.getRooms(this))) {
			this.namespace.leaveRoom(room, this.uuid);
		}
	}

	void onConnect() {
		this.namespace.addClient(this);
		this.namespace.onConnect(this);
		this.namespace.joinRoom(this.id, this.uuid);
		this.connected.set(true);
		listener().socketConnected(this.name);
		run(() -> dispatcher().onConnect(this));
	}

	/**
	 * Decide whether an event the client sent may be handled, under
	 * {@link IoLimits#eventsPerSecond()}.
	 * @param event the event name
	 * @return {@code false} if it is dropped
	 */
	boolean admitEvent(String event) {
		if (this.rateLimiter == null || this.rateLimiter.tryAcquire()) {
			return true;
		}
		listener().eventDropped(this.name, event, "rate-limit");
		IoLimits limits = this.connection.runtime().limits();
		if (limits.rateExceeded() == IoLimits.RateExceededAction.DISCONNECT) {
			logger.info("Disconnecting socket " + this.id + " of " + this.handshake.address() + ": more than "
					+ limits.eventsPerSecond() + " events per second");
			disconnect();
		}
		else if (this.rateLimiter.startedExceeding()) {
			logger.info("Dropping events of socket " + this.id + " of " + this.handshake.address() + ": more than "
					+ limits.eventsPerSecond() + " events per second");
			emit("error", Map.of("message", "Rate limit exceeded: at most " + limits.eventsPerSecond()
					+ " events per second; events are dropped"));
		}
		return false;
	}

	void onEvent(String event, List<Object> args, Long ackId) {
		SocketAck ack = new SocketAck(this, ackId);
		try {
			this.executor.execute(() -> handle(event, args, ack));
		}
		catch (RejectedExecutionException ex) {
			ack.send(Map.of("error", "Server is shutting down"));
		}
	}

	private void handle(String event, List<Object> args, SocketAck ack) {
		long start = System.nanoTime();
		IoEventDispatcher.Outcome outcome = dispatcher().onEvent(this, event, args, ack);
		if (outcome != IoEventDispatcher.Outcome.UNHANDLED) {
			listener().eventHandled(this.name, event, System.nanoTime() - start,
					outcome == IoEventDispatcher.Outcome.FAILED);
		}
	}

	private IoServerListener listener() {
		return this.connection.runtime().listener();
	}

	void onAck(Long ackId, List<?> args) {
		AckCallback<?> callback = this.acks.remove(ackId);
		if (callback == null) {
			logger.debug("Dropping acknowledgement " + ackId + " that socket " + this.id + " was not asked for");
			return;
		}
		run(() -> complete(callback, args));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void complete(AckCallback callback, List<?> args) {
		if (callback instanceof MultiTypeAckCallback) {
			callback.onSuccess(new MultiTypeArgs((List<Object>) args));
			return;
		}
		Object first = args.isEmpty() ? null : args.get(0);
		Class<?> type = callback.getResultClass();
		callback.onSuccess((type == null || type == Void.class || first == null) ? first
				: this.connection.runtime().mapper().convertValue(first, type));
	}

	void onDisconnect(String reason) {
		if (!this.connected.compareAndSet(true, false)) {
			return;
		}
		this.disconnected = true;
		this.namespace.onDisconnect(this);
		this.acks.clear();
		listener().socketDisconnected(this.name);
		Runnable handlers = () -> dispatcher().onDisconnect(this, reason);
		try {
			this.executor.execute(handlers);
		}
		catch (RejectedExecutionException ex) {
			// the server is stopping and its handlers have finished: the disconnect handlers
			// still run, on the stopping thread
			handlers.run();
		}
	}

	private void run(Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Handler pool stopped; dropping a callback of socket " + this.id);
		}
	}

	private IoEventDispatcher dispatcher() {
		return this.connection.runtime().dispatcher();
	}

	void sendAck(long ackId, Object... args) {
		this.connection.session().send(this.connection.runtime().writer().ack(this.name, ackId, args));
	}

	boolean sendFrames(List<EngineFrame> frames) {
		return sendFrames(frames, null);
	}

	boolean sendFrames(List<EngineFrame> frames, WebSocketWire wire) {
		return this.connected.get() && this.connection.session().send(frames, wire);
	}

	// ---- IoSocket

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String namespace() {
		return this.name;
	}

	@Override
	public IoHandshake handshake() {
		return this.handshake;
	}

	@Override
	public IoPrincipal principal() {
		return this.principal;
	}

	@Override
	public void emit(String event, Object... args) {
		if (sendFrames(this.connection.runtime().writer().event(this.name, null, event, args))) {
			listener().eventSent(this.name, event, 1);
		}
	}

	@Override
	public void join(String... rooms) {
		for (String room : rooms) {
			this.namespace.joinRoom(room, this.uuid);
		}
		if (this.disconnected) {
			// a handler joined while the socket was leaving the namespace, which may have
			// removed its rooms already: like socket.io, a disconnected socket joins nothing
			for (String room : rooms) {
				this.namespace.leaveRoom(room, this.uuid);
			}
		}
	}

	@Override
	public void leave(String... rooms) {
		for (String room : rooms) {
			this.namespace.leaveRoom(room, this.uuid);
		}
	}

	@Override
	public Set<String> rooms() {
		Set<String> rooms = new LinkedHashSet<>(this.namespace.getRooms(this));
		rooms.remove(this.namespace.getName());
		return Collections.unmodifiableSet(rooms);
	}

	@Override
	public IoBroadcast to(String... rooms) {
		return new NamespaceBroadcast(this.connection.runtime().server(), this.name).except(this.id).to(rooms);
	}

	@Override
	public boolean connected() {
		return this.connected.get();
	}

	/**
	 * Disconnect from the namespace and, if asked, close the whole connection.
	 * @param close whether to close the underlying connection too
	 */
	void disconnect(boolean close) {
		disconnect();
		if (close) {
			this.connection.session().close("server namespace disconnect");
		}
	}

	@Override
	public void disconnect() {
		if (this.connected.get()) {
			sendFrames(this.connection.runtime().writer().disconnect(this.name));
			this.connection.remove(this);
			onDisconnect("server namespace disconnect");
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T get(String key) {
		return (T) this.attributes.get(key);
	}

	@Override
	public Map<String, Object> data() {
		return Collections.unmodifiableMap(this.attributes);
	}

	@Override
	public void set(String key, Object value) {
		if (value == null) {
			this.attributes.remove(key);
		}
		else {
			this.attributes.put(key, value);
		}
	}

	// ---- netty-socketio SocketIOClient

	@Override
	public boolean has(String key) {
		return this.attributes.containsKey(key);
	}

	@Override
	public void del(String key) {
		this.attributes.remove(key);
	}

	@Override
	public HandshakeData getHandshakeData() {
		TransportHandshake transport = this.connection.handshake();
		return new HandshakeData(transport.nettyHeaders(), transport.query(), transport.remote(), transport.local(),
				transport.url(), transport.nettyHeaders().contains("Origin"));
	}

	@Override
	public Transport getTransport() {
		return this.connection.session().transport();
	}

	@Override
	public EngineIOVersion getEngineIOVersion() {
		return EngineIOVersion.V4;
	}

	@Override
	public boolean isWritable() {
		return this.connected.get();
	}

	@Override
	public void send(Packet packet) {
		send(packet, null);
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Packet packet, AckCallback<?> ackCallback) {
		PacketType type = (packet.getType() == PacketType.MESSAGE) ? packet.getSubType() : packet.getType();
		if (type == PacketType.EVENT) {
			List<Object> data = (packet.getData() instanceof List<?> list) ? (List<Object>) list : List.of();
			sendEvent(packet.getName(), ackCallback, data.toArray());
		}
		else if (type == PacketType.DISCONNECT) {
			disconnect();
		}
		else {
			logger.debug("Ignoring netty-socketio packet of type " + type + " sent to socket " + this.id);
		}
	}

	@Override
	public void sendEvent(String name, Object... data) {
		emit(name, data);
	}

	@Override
	public void sendEvent(String name, AckCallback<?> ackCallback, Object... data) {
		if (ackCallback == null) {
			emit(name, data);
			return;
		}
		long ackId = this.ackIds.getAndIncrement();
		this.acks.put(ackId, ackCallback);
		if (ackCallback.getTimeout() > 0) {
			this.connection.runtime().timer().schedule(() -> {
				if (this.acks.remove(ackId, ackCallback)) {
					run(ackCallback::onTimeout);
				}
			}, ackCallback.getTimeout(), TimeUnit.SECONDS);
		}
		if (sendFrames(this.connection.runtime().writer().event(this.name, ackId, name, data))) {
			listener().eventSent(this.name, name, 1);
		}
	}

	@Override
	public SocketIONamespace getNamespace() {
		return this.namespace;
	}

	@Override
	public UUID getSessionId() {
		return this.uuid;
	}

	@Override
	public SocketAddress getRemoteAddress() {
		return this.connection.handshake().remote();
	}

	@Override
	public boolean isChannelOpen() {
		return this.connection.session().isOpen();
	}

	@Override
	public void joinRoom(String room) {
		join(room);
	}

	@Override
	public void joinRooms(Set<String> rooms) {
		join(rooms.toArray(String[]::new));
	}

	@Override
	public void leaveRoom(String room) {
		leave(room);
	}

	@Override
	public void leaveRooms(Set<String> rooms) {
		leave(rooms.toArray(String[]::new));
	}

	@Override
	public Set<String> getAllRooms() {
		return this.namespace.getRooms(this);
	}

	@Override
	public int getCurrentRoomSize(String room) {
		int size = 0;
		for (SocketIOClient ignored : this.namespace.getRoomClients(room)) {
			size++;
		}
		return size;
	}

	@Override
	public String toString() {
		return "NamespaceSocket[" + this.name + " " + this.id + "]";
	}

}
