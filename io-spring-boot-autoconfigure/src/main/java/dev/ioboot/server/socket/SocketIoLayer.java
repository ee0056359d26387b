package dev.ioboot.server.socket;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ioboot.Io;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoNode;
import dev.ioboot.server.ConnectionStateRecovery;
import dev.ioboot.server.IoPrincipalResolver;
import dev.ioboot.server.IoServerListeners;
import dev.ioboot.server.IoServerSpec;
import dev.ioboot.server.engine.EngineSession;
import dev.ioboot.server.engine.TransportHandshake;
import dev.ioboot.server.protect.ConnectionLimiter;

/**
 * The Socket.IO v5 side of a server: the namespaces with their sockets and rooms, the pool
 * handlers run on, this node as adapters reach it, and the {@link Io} facade. For each
 * Engine.IO session it makes the connection that reads the session's packets.
 */
public final class SocketIoLayer {

	private final SocketNamespaces namespaces;

	private final PacketDecoder parser;

	private final HandlerPool handlers;

	private final SocketSupport sockets;

	private final LocalIoNode node;

	private final Io io;

	private final Duration connectTimeout;

	private final IoPrincipalResolver principals;

	private final SocketInterceptors interceptors;

	private final ConnectionLimiter limiter;

	/**
	 * Create the Socket.IO side of a server.
	 * @param spec what the server is made of
	 * @param listeners told what the sockets do
	 */
	public SocketIoLayer(IoServerSpec spec, IoServerListeners listeners) {
		ObjectMapper mapper = spec.json().objectMapper();
		SocketIoCodec codec = SocketIoCodec.of(spec.parser(), mapper);
		this.parser = codec.decoder();
		this.handlers = new HandlerPool(spec.handlerThreads(), spec.virtualThreads());
		PacketEncoder writer = codec.encoder();
		IoAdapter adapter = spec.adapter();
		boolean adapterKeepsSessions = spec.recovery().enabled() && adapter.keepsSessions();
		this.namespaces = new SocketNamespaces(spec.namespaces(), spec.dynamicNamespaces(),
				recoveries(spec.recovery(), adapterKeepsSessions, adapter, writer), spec.limits().maxDynamicNamespaces());
		this.node = new LocalIoNode(this.namespaces, writer, spec.dispatcher(), this.handlers, listeners);
		this.namespaces.onCreated(adapter::namespaceCreated);
		this.namespaces.onRooms(new SocketNamespace.RoomListener() {

			@Override
			public void roomCreated(String namespace, String room, boolean socketRoom) {
				adapter.roomCreated(namespace, room, socketRoom);
			}

			@Override
			public void roomDeleted(String namespace, String room, boolean socketRoom) {
				adapter.roomDeleted(namespace, room, socketRoom);
			}

		});
		Broadcasts broadcasts = new Broadcasts(this.node, adapter, this.handlers, adapterKeepsSessions);
		this.interceptors = new SocketInterceptors(spec.middlewares(), spec.eventMiddlewares(), spec.anyListeners(),
				spec.anyOutgoingListeners());
		this.sockets = new SocketSupport(writer, spec.dispatcher(), this.handlers, spec.limits(), listeners,
				broadcasts, this.interceptors);
		this.io = new DefaultIo(this.namespaces, broadcasts);
		this.connectTimeout = spec.settings().connectTimeout();
		this.principals = spec.principals();
		this.limiter = new ConnectionLimiter(spec.limits());
	}

	/**
	 * Connection state recovery for each namespace: none, kept on this node, or left to an
	 * adapter that keeps it for every node.
	 */
	private static Function<String, SessionRecovery> recoveries(ConnectionStateRecovery recovery,
			boolean adapterKeepsSessions, IoAdapter adapter, PacketEncoder writer) {
		if (!recovery.enabled()) {
			return (namespace) -> null;
		}
		if (adapterKeepsSessions) {
			return (namespace) -> new AdapterRecovery(adapter, namespace, recovery, writer);
		}
		return (namespace) -> new RecoveryBuffer(recovery);
	}

	/**
	 * Start the handler pool and return what turns each new Engine.IO session into a
	 * Socket.IO connection.
	 * @param timer the timer behind connect timeouts
	 * @return the connection factory, for the Engine.IO server
	 */
	public BiFunction<EngineSession, TransportHandshake, EngineSession.Listener> start(
			ScheduledExecutorService timer) {
		this.handlers.start();
		ConnectionSupport support = new ConnectionSupport(this.parser, this.namespaces, timer, this.connectTimeout,
				this.principals, this.limiter, this.sockets);
		return (session, handshake) -> new SocketIoConnection(session, handshake, support);
	}

	/**
	 * Return the threads handlers run on, for other work that may block, such as request
	 * filters.
	 * @return the handler threads; they reject work while the server is stopped
	 */
	public Executor blockingExecutor() {
		return this.handlers;
	}

	/**
	 * Stop the handler pool at once, interrupting handlers still running: after a drain, or
	 * after a start that failed.
	 */
	public void stop() {
		this.handlers.shutdownNow();
	}

	/**
	 * Return the namespaces clients may connect to.
	 * @return the names, {@code /} first
	 */
	public List<String> namespaces() {
		return this.namespaces.names();
	}

	/**
	 * Return the number of sockets connected to a namespace.
	 * @param namespace the namespace
	 * @return the number of sockets
	 * @throws IllegalArgumentException for a namespace clients may not connect to
	 */
	public int connectedSockets(String namespace) {
		return this.namespaces.get(namespace).size();
	}

	/**
	 * Return the rooms of a namespace that sockets of this node are in.
	 * @param namespace the namespace
	 * @return the rooms, each socket's own id among them
	 * @throws IllegalArgumentException for a namespace clients may not connect to
	 */
	public Set<String> rooms(String namespace) {
		return this.namespaces.get(namespace).rooms();
	}

	/**
	 * Return this node, as adapters reach its sockets.
	 * @return the node
	 */
	public IoNode node() {
		return this.node;
	}

	/**
	 * Return the facade applications use.
	 * @return the facade
	 */
	public Io io() {
		return this.io;
	}

	HandlerPool handlers() {
		return this.handlers;
	}

}
