package dev.ioboot.server.socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.IoAckTimeoutException;
import dev.ioboot.IoBroadcast;
import dev.ioboot.IoEmitter;
import dev.ioboot.IoHandshake;
import dev.ioboot.IoPrincipal;
import dev.ioboot.IoSocket;
import dev.ioboot.IoSocketDisconnectedException;
import dev.ioboot.adapter.IoEmitFlags;
import dev.ioboot.adapter.IoTarget;
import dev.ioboot.event.IoAnyListener;
import dev.ioboot.event.IoAnyOutgoingListener;
import dev.ioboot.event.IoEventDispatcher;
import dev.ioboot.event.IoEventException;
import dev.ioboot.event.IoEventMiddleware;
import dev.ioboot.server.IoLimits;
import dev.ioboot.server.IoServerListener;
import dev.ioboot.server.engine.EngineFrame;
import dev.ioboot.server.engine.EngineSession;
import dev.ioboot.server.engine.SendOptions;
import dev.ioboot.server.engine.TransportHandshake;
import dev.ioboot.server.engine.WebSocketWire;
import dev.ioboot.server.protect.EventRateLimiter;

/**
 * One client connected to one namespace.
 */
final class NamespaceSocket implements IoSocket {

	private static final Log logger = LogFactory.getLog(NamespaceSocket.class);

	private final String id;

	/** The private session id of connection state recovery, {@code null} without it. */
	private final String pid;

	/** The state this socket recovers, or {@code null} for a new socket. */
	private final SessionRecovery.Claim claim;

	/** Whether the socket came back with its state and missed packets. */
	private volatile boolean recovered;

	/** The last recovery sequence number replayed to the socket: later live copies are skipped. */
	private volatile long replayedUpTo;

	private final EngineSession session;

	private final SocketNamespace namespace;

	private final IoHandshake handshake;

	private final SocketSupport support;

	private final Consumer<NamespaceSocket> removedByServer;

	private final SerialExecutor executor;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	/** The rooms joined, in order; guarded by itself. */
	private final Set<String> rooms = new LinkedHashSet<>(4);

	/** Rooms joined while connecting, not told to the listeners yet; guarded by {@link #rooms}. */
	private List<String> untoldRooms = new ArrayList<>(0);

	private final AtomicBoolean connected = new AtomicBoolean();

	/** Whether the socket has left its namespace: it joins no room any more. */
	private volatile boolean disconnected;

	private volatile IoPrincipal principal = IoPrincipal.anonymous();

	/** The acknowledgements the client was asked for and has not sent yet, by id. */
	private final Map<Long, CompletableFuture<List<Object>>> acks = new ConcurrentHashMap<>();

	private final EventRateLimiter rateLimiter;

	private final SocketInterceptors.Scoped interceptors;

	private final boolean interceptorsNonBlocking;

	/**
	 * Create a socket.
	 * @param session the Engine.IO session it is carried on
	 * @param handshake the request that opened the session and the CONNECT packet's payload
	 * @param namespace the namespace it connects to
	 * @param support what the sockets of the server share
	 * @param removedByServer told when the server disconnects the socket from its namespace
	 * @param claim the state of a disconnected socket this one recovers, or {@code null}
	 */
	NamespaceSocket(EngineSession session, IoHandshake handshake, SocketNamespace namespace, SocketSupport support,
			Consumer<NamespaceSocket> removedByServer, SessionRecovery.Claim claim) {
		this.claim = claim;
		this.id = (claim != null) ? claim.session().id() : UUID.randomUUID().toString();
		this.pid = (claim != null) ? claim.session().pid()
				: (namespace.recovery() != null) ? SessionRecovery.newPid() : null;
		if (claim != null) {
			this.attributes.putAll(claim.session().data());
		}
		this.session = session;
		this.namespace = namespace;
		this.support = support;
		this.removedByServer = removedByServer;
		this.handshake = handshake;
		this.interceptors = support.interceptors().of(namespace.name(), namespace.group());
		this.interceptorsNonBlocking = this.interceptors.nonBlocking();
		this.executor = new SerialExecutor(support.handlers());
		int rate = support.limits().eventsPerSecond();
		this.rateLimiter = (rate > 0) ? new EventRateLimiter(rate) : null;
	}

	/**
	 * Return what a client sent to connect to a namespace.
	 * @param transport the request that opened the session
	 * @param auth the CONNECT packet's payload
	 * @return the handshake
	 */
	static IoHandshake handshake(TransportHandshake transport, Map<String, Object> auth) {
		return new IoHandshake(transport.headers(), transport.query(),
				auth.isEmpty() ? Map.of() : Collections.unmodifiableMap(auth),
				transport.clientAddress(), transport.url(), transport.time(), transport.secure());
	}

	/**
	 * Return the middlewares and listeners of the socket's namespace.
	 * @return the interceptors
	 */
	SocketInterceptors.Scoped interceptors() {
		return this.interceptors;
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
		this.namespace.leaveAll(this);
		Set<String> left;
		synchronized (this.rooms) {
			left = new LinkedHashSet<>(this.rooms);
			this.rooms.clear();
		}
		for (String room : left) {
			tell((listener) -> listener.roomLeft(this, room));
		}
	}

	/**
	 * Return what connection state recovery keeps for the socket's namespace.
	 * @return connection state recovery, or {@code null} when it is off
	 */
	SessionRecovery namespaceRecovery() {
		return this.namespace.recovery();
	}

	/**
	 * Return the state this socket recovers.
	 * @return the claim, or {@code null} for a new socket
	 */
	SessionRecovery.Claim claim() {
		return this.claim;
	}

	/**
	 * Return what the CONNECT packet answers: the socket id, and the private session id with
	 * connection state recovery.
	 * @return the payload
	 */
	Map<String, Object> connectPayload() {
		return (this.pid != null) ? Map.of("sid", this.id, "pid", this.pid) : Map.of("sid", this.id);
	}

	/**
	 * Take back the rooms of the recovered state, less those the principal of the time gave:
	 * today's principal decides those.
	 * @param replayedUpTo the sequence number of the last missed packet replayed
	 */
	void recover(long replayedUpTo) {
		SessionRecovery.Session session = this.claim.session();
		Set<String> earned = session.principal().rooms();
		session.rooms().stream().filter((room) -> !earned.contains(room)).forEach(this::joinUntold);
		this.replayedUpTo = replayedUpTo;
		this.recovered = true;
	}

	/**
	 * Connect the socket: from now on it is found, and broadcasts reach it. Called with the
	 * session's lock held, together with the sending of the CONNECT answer, so that nothing
	 * reaches the client before that answer.
	 */
	void markConnected() {
		this.namespace.add(this);
		joinUntold(this.id);
		this.connected.set(true);
	}

	/**
	 * Tell the listeners and the connection handlers, once the CONNECT answer is sent and no
	 * lock is held: the rooms joined while connecting, then the connection.
	 */
	void announceConnected() {
		List<String> joined;
		synchronized (this.rooms) {
			joined = this.untoldRooms;
			this.untoldRooms = new ArrayList<>(0);
		}
		for (String room : joined) {
			tell((listener) -> listener.roomJoined(this, room));
		}
		tell((listener) -> listener.socketConnected(this));
		stateChanged();
		run(() -> dispatcher().onConnect(this));
	}

	private SessionRecovery.Session state() {
		return new SessionRecovery.Session(this.pid, this.id, joinedRooms(), this.principal,
				Map.copyOf(this.attributes), 0);
	}

	/**
	 * Tell connection state recovery the socket's state once it changed, so that a recovery
	 * that keeps it for every node has it should this node die.
	 */
	private void stateChanged() {
		SessionRecovery recovery = this.namespace.recovery();
		if (recovery != null && this.connected.get()) {
			recovery.update(state());
		}
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
		tell((listener) -> listener.eventDropped(namespace(), event, "rate-limit"));
		IoLimits limits = this.support.limits();
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

	/**
	 * Handle an event the client sent: on the handler pool, or here on the network thread when
	 * its handler, and every middleware and listener it passes, declared it never blocks; one
	 * event of the socket at a time, in arrival order, either way.
	 */
	void onEvent(String event, List<Object> args, Long ackId) {
		SocketAck ack = new SocketAck(ackId, this::sendAck);
		Runnable task = () -> handle(event, args, ack);
		try {
			if (this.interceptorsNonBlocking && dispatcher().isNonBlocking(this, event)) {
				this.executor.executeHereIfIdle(task);
			}
			else {
				this.executor.execute(task);
			}
		}
		catch (RejectedExecutionException ex) {
			ack.send(Map.of("error", "Server is shutting down"));
		}
	}

	private void handle(String event, List<Object> args, SocketAck ack) {
		if (!this.interceptors.incoming().isEmpty()) {
			List<Object> view = Collections.unmodifiableList(args);
			for (IoAnyListener listener : this.interceptors.incoming()) {
				try {
					listener.onEvent(this, event, view);
				}
				catch (RuntimeException ex) {
					logger.error("Listener " + listener.getClass().getName() + " failed on event '" + LogValues.cut(event)
							+ "' of socket " + this.id, ex);
				}
			}
		}
		if (!passesMiddlewares(event, args)) {
			return;
		}
		long start = System.nanoTime();
		IoEventDispatcher.Outcome outcome = dispatcher().onEvent(this, event, args, ack);
		if (outcome != IoEventDispatcher.Outcome.UNHANDLED) {
			long nanos = System.nanoTime() - start;
			boolean failed = outcome == IoEventDispatcher.Outcome.FAILED;
			tell((listener) -> listener.eventHandled(namespace(), event, nanos, failed));
		}
	}

	/**
	 * Run the event middlewares; one that refuses tells the client with an {@code error} event.
	 * @return whether the event may be handled
	 */
	private boolean passesMiddlewares(String event, List<Object> args) {
		for (IoEventMiddleware middleware : this.interceptors.events()) {
			try {
				middleware.onEvent(this, event, args);
			}
			catch (IoEventException ex) {
				if (logger.isDebugEnabled()) {
					logger.debug("Event '" + LogValues.cut(event) + "' of socket " + this.id + " refused by "
							+ middleware.getClass().getName() + ": " + ex.getMessage());
				}
				refused(event, ex.getMessage());
				return false;
			}
			catch (RuntimeException ex) {
				logger.error("Event middleware " + middleware.getClass().getName() + " failed on event '"
						+ LogValues.cut(event) + "' of socket " + this.id, ex);
				refused(event, "Internal server error");
				return false;
			}
		}
		return true;
	}

	private void refused(String event, String message) {
		tell((listener) -> listener.eventDropped(namespace(), event, "middleware"));
		emit("error", Map.of("message", (message != null) ? message : "Event refused"));
	}

	/**
	 * Tell the outgoing listeners that an event was written to this socket.
	 * @param event the event name
	 * @param args the arguments
	 */
	void sent(String event, Object[] args) {
		if (this.interceptors.outgoing().isEmpty()) {
			return;
		}
		List<Object> view = Collections.unmodifiableList(Arrays.asList(args));
		for (IoAnyOutgoingListener listener : this.interceptors.outgoing()) {
			try {
				listener.onEvent(this, event, view);
			}
			catch (RuntimeException ex) {
				logger.error("Outgoing listener " + listener.getClass().getName() + " failed on event '"
						+ LogValues.cut(event) + "' of socket " + this.id, ex);
			}
		}
	}

	void onAck(Long ackId, List<Object> args) {
		CompletableFuture<List<Object>> answer = this.acks.remove(ackId);
		if (answer == null) {
			logger.debug("Dropping acknowledgement " + ackId + " that socket " + this.id + " was not asked for");
			return;
		}
		completeOffTheNetwork(() -> answer.complete(args));
	}

	/**
	 * Complete an acknowledgement on a handler thread, never on the network thread, and not
	 * behind the socket's own events: a handler of this socket may be waiting for it.
	 */
	private void completeOffTheNetwork(Runnable completion) {
		try {
			this.support.handlers().execute(completion);
		}
		catch (RejectedExecutionException ex) {
			completion.run();
		}
	}

	void onDisconnect(String reason) {
		if (!this.connected.compareAndSet(true, false)) {
			return;
		}
		this.disconnected = true;
		this.namespace.remove(this);
		SessionRecovery recovery = this.namespace.recovery();
		if (recovery != null) {
			// before the rooms are left: they are part of the state
			recovery.persist(reason, state());
		}
		failPendingAcks(reason);
		tell((listener) -> listener.socketDisconnected(this, reason));
		// like socket.io: disconnecting handlers still see the rooms, disconnect handlers do not
		Runnable handlers = () -> {
			try {
				dispatcher().onDisconnecting(this, reason);
			}
			finally {
				leaveAll();
				dispatcher().onDisconnect(this, reason);
			}
		};
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
		return this.support.dispatcher();
	}

	private void tell(Consumer<IoServerListener> callback) {
		this.support.listeners().each(callback);
	}

	private void sendAck(long ackId, Object... args) {
		this.session.send(this.support.writer().ack(namespace(), ackId, args));
	}

	boolean sendFrames(List<EngineFrame> frames) {
		return sendFrames(frames, null);
	}

	boolean sendFrames(List<EngineFrame> frames, WebSocketWire wire) {
		return sendFrames(frames, wire, IoEmitFlags.DEFAULT);
	}

	/**
	 * Send packets to the client, with an emit's flags.
	 * @param frames the Engine.IO packets of one Socket.IO packet
	 * @param wire the same packets already framed for websockets, or {@code null}
	 * @param flags the flags
	 * @return whether they were sent (not when the socket is disconnected, nor when
	 * droppable packets found the transport busy)
	 */
	boolean sendFrames(List<EngineFrame> frames, WebSocketWire wire, IoEmitFlags flags) {
		return sendFrames(frames, wire, flags, 0);
	}

	/**
	 * Send packets to the client, with an emit's flags.
	 * @param frames the Engine.IO packets of one Socket.IO packet
	 * @param wire the same packets already framed for websockets, or {@code null}
	 * @param flags the flags
	 * @param seq the packet's recovery sequence number, {@code 0} for a packet not kept for
	 * recovery
	 * @return whether they were sent
	 */
	boolean sendFrames(List<EngineFrame> frames, WebSocketWire wire, IoEmitFlags flags, long seq) {
		if (seq > 0 && seq <= this.replayedUpTo) {
			// already replayed to this recovered socket
			return false;
		}
		return this.connected.get() && this.session.send(frames, wire, sendOptions(flags));
	}

	private static SendOptions sendOptions(IoEmitFlags flags) {
		if (flags.compress() && !flags.droppable()) {
			return SendOptions.DEFAULT;
		}
		return new SendOptions(flags.compress(), flags.droppable());
	}

	/**
	 * Emit an event with flags.
	 * @param event the event name
	 * @param args the arguments
	 * @param flags the flags
	 */
	void emit(String event, Object[] args, IoEmitFlags flags) {
		if (this.namespace.recovery() != null && !flags.droppable()) {
			// kept for recovery like socket.io does: a broadcast to the socket's own room
			this.support.broadcasts()
				.keep(new IoTarget(namespace(), Set.of(this.id), Set.of()), event, Arrays.asList(args), flags);
			return;
		}
		write(null, event, args, flags);
	}

	/**
	 * Emit an event and ask the client to acknowledge it.
	 * @param event the event name
	 * @param args the arguments
	 * @param flags the flags, with the timeout (none: wait until the socket disconnects)
	 * @return the client's acknowledgement arguments
	 */
	CompletableFuture<List<Object>> emitWithAck(String event, Object[] args, IoEmitFlags flags) {
		long ackId = this.namespace.nextAckId();
		CompletableFuture<List<Object>> answer = expectAck(ackId, event, flags.timeout());
		write(ackId, event, args, flags);
		return answer;
	}

	/**
	 * Encode an event for this socket alone and send it, telling the listeners once sent.
	 */
	private void write(Long ackId, String event, Object[] args, IoEmitFlags flags) {
		if (sendFrames(this.support.writer().event(namespace(), ackId, event, args), null, flags)) {
			tell((listener) -> listener.eventSent(namespace(), event, 1));
			sent(event, args);
		}
	}

	/**
	 * Register an acknowledgement the client is about to be asked for. It completes with the
	 * client's arguments, or fails when the timeout passes or the socket disconnects.
	 * @param ackId the id of the packet that asks for it
	 * @param event the event name, for the timeout's message
	 * @param timeout how long to wait, or {@code null} for as long as the socket is connected
	 * @return the acknowledgement arguments
	 */
	CompletableFuture<List<Object>> expectAck(long ackId, String event, Duration timeout) {
		CompletableFuture<List<Object>> answer = new CompletableFuture<>();
		this.acks.put(ackId, answer);
		if (timeout != null) {
			Executor later = CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS,
					this::completeOffTheNetwork);
			later.execute(() -> {
				if (this.acks.remove(ackId, answer)) {
					answer.completeExceptionally(new IoAckTimeoutException(this.id, event, timeout));
				}
			});
		}
		if (this.disconnected && this.acks.remove(ackId, answer)) {
			answer.completeExceptionally(new IoSocketDisconnectedException(this.id, "already disconnected"));
		}
		return answer;
	}

	private void failPendingAcks(String reason) {
		for (Long ackId : List.copyOf(this.acks.keySet())) {
			CompletableFuture<List<Object>> answer = this.acks.remove(ackId);
			if (answer != null) {
				completeOffTheNetwork(() -> answer.completeExceptionally(new IoSocketDisconnectedException(this.id, reason)));
			}
		}
	}

	/**
	 * Return the rooms the socket joined, its own id among them once connected.
	 * @return a copy of the rooms
	 */
	Set<String> joinedRooms() {
		synchronized (this.rooms) {
			return new LinkedHashSet<>(this.rooms);
		}
	}

	// ---- IoSocket

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String namespace() {
		return this.namespace.name();
	}

	@Override
	public String clientId() {
		return this.session.id();
	}

	@Override
	public String transport() {
		return this.session.transport().value();
	}

	@Override
	public boolean recovered() {
		return this.recovered;
	}

	@Override
	public Optional<String> namespaceGroup() {
		return Optional.ofNullable(this.namespace.group());
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
		emit(event, args, IoEmitFlags.DEFAULT);
	}

	@Override
	public CompletableFuture<List<Object>> emitWithAck(String event, Object... args) {
		return emitWithAck(event, args, IoEmitFlags.DEFAULT);
	}

	@Override
	public IoEmitter timeout(Duration timeout) {
		return new SocketEmitter(this, IoEmitFlags.DEFAULT.withTimeout(timeout));
	}

	@Override
	public IoEmitter droppable() {
		return new SocketEmitter(this, IoEmitFlags.DEFAULT.asDroppable());
	}

	@Override
	public IoEmitter compress(boolean compress) {
		return new SocketEmitter(this, IoEmitFlags.DEFAULT.withCompress(compress));
	}

	/**
	 * Join a room while connecting, with locks held: the listeners are told by
	 * {@link #announceConnected()}.
	 */
	private void joinUntold(String room) {
		synchronized (this.rooms) {
			if (this.rooms.add(room)) {
				this.untoldRooms.add(room);
			}
		}
		this.namespace.join(this, room);
	}

	@Override
	public void join(String... rooms) {
		for (String room : rooms) {
			boolean added;
			synchronized (this.rooms) {
				added = this.rooms.add(room);
			}
			this.namespace.join(this, room);
			if (added) {
				tell((listener) -> listener.roomJoined(this, room));
			}
		}
		if (this.disconnected) {
			// a handler joined while the socket was leaving the namespace, which may have
			// removed its rooms already: like socket.io, a disconnected socket joins nothing
			leave(rooms);
			return;
		}
		stateChanged();
	}

	@Override
	public void leave(String... rooms) {
		for (String room : rooms) {
			boolean removed;
			synchronized (this.rooms) {
				removed = this.rooms.remove(room);
			}
			this.namespace.leave(this, room);
			if (removed) {
				tell((listener) -> listener.roomLeft(this, room));
			}
		}
		stateChanged();
	}

	@Override
	public Set<String> rooms() {
		return Collections.unmodifiableSet(joinedRooms());
	}

	@Override
	public IoBroadcast to(String... rooms) {
		return this.support.broadcasts().of(namespace()).except(this.id).to(rooms);
	}

	@Override
	public boolean connected() {
		return this.connected.get();
	}

	@Override
	public void disconnect(boolean close) {
		disconnect();
		if (close) {
			this.session.close(DisconnectReasons.SERVER_NAMESPACE_DISCONNECT);
		}
	}

	@Override
	public void disconnect() {
		if (this.connected.get()) {
			// off the connection before the client hears of it: a client that answers by closing
			// the transport must not turn this into a transport close
			this.removedByServer.accept(this);
			sendFrames(this.support.writer().disconnect(namespace()));
			onDisconnect(DisconnectReasons.SERVER_NAMESPACE_DISCONNECT);
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
		stateChanged();
	}

	@Override
	public String toString() {
		return "NamespaceSocket[" + namespace() + " " + this.id + "]";
	}

}
