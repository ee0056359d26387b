package dev.ioboot.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.namespace.Namespace;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.Future;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.ioboot.Io;
import dev.ioboot.IoMiddleware;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoNode;
import dev.ioboot.IoJsonMapper;
import dev.ioboot.event.IoEventDispatcher;

/**
 * The Socket.IO server: netty-socketio's {@link SocketIOServer} for binding and event loops,
 * with the starter's Engine.IO v4 / Socket.IO v5 layer in its pipeline. {@link #start()}
 * binds, {@link #stop(Duration)} drains and closes. Applications use it through {@link Io}.
 */
public class IoServer {

	private static final Log logger = LogFactory.getLog(IoServer.class);

	private final SocketIOServer server;

	private final EngineIoSettings settings;

	private final IoEventDispatcher dispatcher;

	private final IoJsonMapper json;

	private final int handlerThreads;

	private final IoNamespaces namespaces;

	private final SocketIoPacketWriter writer;

	private volatile EngineIoServer engine;

	private volatile ExecutorService handlers;

	private ScheduledExecutorService timer;

	private volatile boolean running;

	private volatile int boundPort = -1;

	private final LocalIoNode node;

	private volatile IoAdapter adapter = new IoAdapter() {
	};

	private volatile IoPrincipalResolver principals = IoPrincipalResolver.ANONYMOUS;

	private volatile List<IoMiddleware> middlewares = List.of();

	private volatile IoLimits limits = IoLimits.NONE;

	private volatile SslBundle ssl;

	/**
	 * Every listener added, at any time: the connections hold this one, which calls them all.
	 */
	private final CompositeListener listener = new CompositeListener(new CopyOnWriteArrayList<>());

	/**
	 * Create a server.
	 * @param server the netty-socketio server, not started
	 * @param settings the Engine.IO settings
	 * @param namespaces the namespaces clients may connect to
	 * @param dispatcher where socket events go
	 * @param json the JSON mapper
	 * @param handlerThreads the number of threads running handlers
	 */
	public IoServer(SocketIOServer server, EngineIoSettings settings, Collection<String> namespaces,
			IoEventDispatcher dispatcher, IoJsonMapper json, int handlerThreads) {
		this.server = server;
		this.settings = settings;
		this.dispatcher = dispatcher;
		this.json = json;
		this.handlerThreads = handlerThreads;
		this.namespaces = new IoNamespaces(server, namespaces);
		this.writer = new SocketIoPacketWriter(json.objectMapper());
		this.node = new LocalIoNode(this.namespaces, this.writer, dispatcher, () -> this.handlers,
				this.listener);
	}

	/**
	 * Set the adapter that carries broadcasts and socket operations to other nodes. Call it
	 * before the server starts, for example from an {@link dev.ioboot.hook.IoInitHook}.
	 * @param adapter the adapter
	 */
	public void setAdapter(IoAdapter adapter) {
		if (this.running) {
			throw new IllegalStateException("The adapter must be set before the Socket.IO server starts");
		}
		this.adapter = adapter;
	}

	/**
	 * Set what decides who a connecting client is, and so which rooms it joins before it is
	 * connected. Call it before the server starts.
	 * @param principals the resolver; by default every client is anonymous
	 */
	public void setPrincipalResolver(IoPrincipalResolver principals) {
		if (this.running) {
			throw new IllegalStateException("The principal resolver must be set before the Socket.IO server starts");
		}
		this.principals = principals;
	}

	/**
	 * Set the middlewares that run, in order, when a client connects to a namespace. Call it
	 * before the server starts.
	 * @param middlewares the middlewares
	 */
	public void setMiddlewares(List<IoMiddleware> middlewares) {
		if (this.running) {
			throw new IllegalStateException("Middlewares must be set before the Socket.IO server starts");
		}
		this.middlewares = List.copyOf(middlewares);
	}

	/**
	 * Serve clients over TLS ({@code https} and {@code wss}) with the key material of a
	 * Spring Boot SSL bundle. Call it before the server starts.
	 * @param ssl the bundle, or {@code null} for plain connections
	 */
	public void setSslBundle(SslBundle ssl) {
		if (this.running) {
			throw new IllegalStateException("The SSL bundle must be set before the Socket.IO server starts");
		}
		this.ssl = ssl;
	}

	/**
	 * Set the limits that protect the server. Call it before the server starts.
	 * @param limits the limits; none by default
	 */
	public void setLimits(IoLimits limits) {
		if (this.running) {
			throw new IllegalStateException("Limits must be set before the Socket.IO server starts");
		}
		this.limits = limits;
	}

	/**
	 * Return the limits.
	 * @return the limits
	 */
	public IoLimits limits() {
		return this.limits;
	}

	/**
	 * Add a listener told what the server does, such as a metrics binder. Listeners may be
	 * added at any time.
	 * @param listener the listener
	 */
	public void addListener(IoServerListener listener) {
		this.listener.listeners().add(listener);
	}

	/**
	 * Return the adapter.
	 * @return the adapter, one that reaches no other node by default
	 */
	public IoAdapter adapter() {
		return this.adapter;
	}

	/**
	 * Return this node's sockets, as adapters reach them.
	 * @return the node
	 */
	public IoNode node() {
		return this.node;
	}

	/**
	 * Bind the server and start accepting connections.
	 * @throws IoServerStartException if the server cannot listen
	 */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.timer = newTimer();
		this.handlers = newHandlerPool(this.handlerThreads);
		SocketIoRuntime runtime = new SocketIoRuntime(this, this.json.objectMapper(), this.writer,
				new SocketIoPacketParser(this.json.objectMapper()), this.namespaces, this.dispatcher, this.handlers,
				this.timer, this.settings.connectTimeout(), this.principals, this.middlewares, this.limits,
				new ConnectionLimiter(this.limits), this.listener);
		EngineIoServer engine = new EngineIoServer(this.settings, this.limits, this.listener, this.timer,
				(session, handshake) -> new SocketIoConnection(session, handshake, runtime));
		TlsSettings tls = (this.ssl != null) ? new TlsSettings(this.ssl) : null;
		this.server.setPipelineFactory(new IoChannelInitializer(engine, tls));
		try {
			this.adapter.start(this.node);
		}
		catch (RuntimeException ex) {
			releaseExecutors();
			throw ex;
		}
		try {
			Future<Void> bound = this.server.startAsync().syncUninterruptibly();
			if (bound instanceof ChannelFuture channelFuture
					&& channelFuture.channel().localAddress() instanceof InetSocketAddress address) {
				this.boundPort = address.getPort();
			}
		}
		catch (Exception ex) {
			releaseAfterFailedStart();
			Configuration configuration = this.server.getConfiguration();
			throw new IoServerStartException("Socket.IO server could not listen on " + configuration.getHostname()
					+ ":" + configuration.getPort() + ": " + ex.getMessage(), ex);
		}
		this.engine = engine;
		this.running = true;
	}

	private void releaseAfterFailedStart() {
		stopAdapter();
		try {
			this.server.stop();
		}
		catch (RuntimeException ex) {
			logger.debug("Error releasing the event loops of a server that did not start", ex);
		}
		releaseExecutors();
	}

	private void releaseExecutors() {
		this.timer.shutdownNow();
		this.handlers.shutdownNow();
	}

	/**
	 * Return whether the server is listening.
	 * @return {@code true} between a successful {@link #start()} and {@link #stop(Duration)}
	 */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stop gracefully: refuse new connections, let running and queued handlers finish (and
	 * their acknowledgements go out), send every socket a DISCONNECT, close every session, then
	 * release the event loops. Does nothing if the server is not running.
	 * @param gracePeriod the longest time given to handlers and clients
	 */
	public synchronized void stop(Duration gracePeriod) {
		if (!this.running) {
			return;
		}
		this.running = false;
		long deadline = System.nanoTime() + gracePeriod.toNanos();
		EngineIoServer engine = this.engine;
		engine.stopAccepting();
		List<SocketIoConnection> connections = new ArrayList<>();
		for (EngineSession session : engine.openSessions()) {
			if (session.listener() instanceof SocketIoConnection connection) {
				connection.stopAccepting();
				connections.add(connection);
			}
		}
		this.handlers.shutdown();
		awaitHandlers(deadline);
		List<EngineSession> told = new ArrayList<>();
		for (SocketIoConnection connection : connections) {
			Collection<NamespaceSocket> sockets = connection.sockets();
			for (NamespaceSocket socket : sockets) {
				socket.disconnect();
			}
			if (!sockets.isEmpty()) {
				told.add(connection.session());
			}
			connection.session().close("server shutting down");
		}
		// a polling client receives its DISCONNECT with its next poll: wait for those; a session
		// without sockets (a handshake alone, like a health check's) has nothing to receive
		awaitSessionsClosed(engine, told, deadline);
		for (EngineSession session : engine.openSessions()) {
			session.closeNow("server shutting down", null);
		}
		this.server.stop();
		stopAdapter();
		releaseExecutors();
		logger.info("Socket.IO server stopped");
	}

	private void stopAdapter() {
		try {
			this.adapter.stop();
		}
		catch (RuntimeException ex) {
			logger.warn("Error stopping the Socket.IO adapter", ex);
		}
	}

	private void awaitHandlers(long deadline) {
		try {
			long remaining = deadline - System.nanoTime();
			if (!this.handlers.awaitTermination(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
				logger.warn("Socket.IO handlers still running after the shutdown grace period; interrupting them");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitSessionsClosed(EngineIoServer engine, List<EngineSession> sessions, long deadline) {
		for (EngineSession session : sessions) {
			while (engine.sessions().get(session.id()) == session && System.nanoTime() < deadline) {
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private static ScheduledExecutorService newTimer() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("io-timer-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads);
		timer.setRemoveOnCancelPolicy(true);
		return timer;
	}

	private static ExecutorService newHandlerPool(int threads) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory("io-handler-");
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), factory);
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	/**
	 * Return the namespaces clients may connect to.
	 * @return the namespace names, {@code /} first
	 */
	public Collection<String> namespaces() {
		return this.namespaces.names();
	}

	/**
	 * Return the underlying netty-socketio server.
	 * @return the server
	 */
	public SocketIOServer server() {
		return this.server;
	}

	Namespace namespace(String name) {
		Namespace namespace = this.namespaces.find(name);
		if (namespace == null) {
			throw new IllegalArgumentException("Unknown namespace '" + name + "'; known: " + namespaces());
		}
		return namespace;
	}

	/**
	 * Return the number of open Engine.IO sessions.
	 * @return the number of connected clients
	 */
	public int connectedClients() {
		EngineIoServer engine = this.engine;
		return (engine != null) ? engine.sessions().size() : 0;
	}

	/**
	 * Return the number of sockets connected to a namespace on this node.
	 * @param namespace the namespace
	 * @return the number of sockets
	 */
	public int connectedSockets(String namespace) {
		return namespace(namespace).getAllClients().size();
	}

	/**
	 * Return the port the server listens on.
	 * @return the bound port once started (the actual one when configured with 0), else the
	 * configured one
	 */
	public int port() {
		return (this.boundPort >= 0) ? this.boundPort : this.server.getConfiguration().getPort();
	}

	/**
	 * Several listeners, called in the order they were added.
	 */
	private record CompositeListener(List<IoServerListener> listeners) implements IoServerListener {

		@Override
		public void socketConnected(String namespace) {
			this.listeners.forEach((listener) -> listener.socketConnected(namespace));
		}

		@Override
		public void socketDisconnected(String namespace) {
			this.listeners.forEach((listener) -> listener.socketDisconnected(namespace));
		}

		@Override
		public void connectionRejected(String namespace, String reason) {
			this.listeners.forEach((listener) -> listener.connectionRejected(namespace, reason));
		}

		@Override
		public void eventReceived(String namespace, String event) {
			this.listeners.forEach((listener) -> listener.eventReceived(namespace, event));
		}

		@Override
		public void eventDropped(String namespace, String event, String reason) {
			this.listeners.forEach((listener) -> listener.eventDropped(namespace, event, reason));
		}

		@Override
		public void eventSent(String namespace, String event, int sockets) {
			this.listeners.forEach((listener) -> listener.eventSent(namespace, event, sockets));
		}

		@Override
		public void eventHandled(String namespace, String event, long nanos, boolean failed) {
			this.listeners.forEach((listener) -> listener.eventHandled(namespace, event, nanos, failed));
		}

	}

}
