package dev.ioboot.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.ioboot.Io;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoNode;
import dev.ioboot.server.engine.EngineIoChannelInitializer;
import dev.ioboot.server.engine.EngineIoServer;
import dev.ioboot.server.netty.NettySocketIoServer;
import dev.ioboot.server.socket.GracefulShutdown;
import dev.ioboot.server.socket.SocketIoLayer;

/**
 * A Socket.IO v4 server: the starter's Engine.IO v4 and Socket.IO v5 layers on
 * netty-socketio's event loops. Created complete by an {@link IoServerFactory};
 * {@link #start()} binds, {@link #stop(Duration)} drains and closes. Applications use it
 * through {@link #io()}.
 */
public class IoServer {

	private static final Log logger = LogFactory.getLog(IoServer.class);

	private final IoServerSpec spec;

	private final IoServerListeners listeners;

	private final SocketIoLayer sockets;

	private final NettySocketIoServer netty;

	private volatile EngineIoServer engine;

	private ScheduledExecutorService timer;

	private volatile int boundPort = -1;

	IoServer(IoServerSpec spec, IoServerListeners listeners, SocketIoLayer sockets, NettySocketIoServer netty) {
		this.spec = spec;
		this.listeners = listeners;
		this.sockets = sockets;
		this.netty = netty;
	}

	/**
	 * Bind the server and start accepting connections.
	 * @throws IoServerStartException if the server cannot listen
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		this.timer = newTimer();
		EngineIoServer engine = new EngineIoServer(this.spec.settings(), this.spec.limits(), this.listeners,
				this.timer, this.sockets.start(this.timer), this.spec.requestFilters(), this.sockets.blockingExecutor());
		try {
			this.spec.adapter().start(this.sockets.node());
		}
		catch (RuntimeException ex) {
			releaseExecutors();
			throw ex;
		}
		try {
			InetSocketAddress address = this.netty.start(new EngineIoChannelInitializer(engine, this.spec.ssl()));
			this.boundPort = address.getPort();
		}
		catch (RuntimeException ex) {
			stopAdapter();
			releaseExecutors();
			throw ex;
		}
		this.engine = engine;
	}

	/**
	 * Return whether the server is listening.
	 * @return {@code true} between a successful {@link #start()} and {@link #stop(Duration)}
	 */
	public boolean isRunning() {
		return this.engine != null;
	}

	/**
	 * Stop gracefully (see {@link GracefulShutdown}), then close the listening socket and
	 * release the event loops. Does nothing if the server is not running.
	 * @param gracePeriod the longest time given to handlers and clients
	 */
	public synchronized void stop(Duration gracePeriod) {
		EngineIoServer engine = this.engine;
		if (engine == null) {
			return;
		}
		this.engine = null;
		new GracefulShutdown(engine, this.sockets).run(gracePeriod);
		this.netty.stop();
		stopAdapter();
		releaseExecutors();
		logger.info("Socket.IO server stopped");
	}

	private void stopAdapter() {
		try {
			this.spec.adapter().stop();
		}
		catch (RuntimeException ex) {
			logger.warn("Error stopping the Socket.IO adapter", ex);
		}
	}

	private void releaseExecutors() {
		this.timer.shutdownNow();
		this.sockets.stop();
	}

	private static ScheduledExecutorService newTimer() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("io-timer-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads);
		timer.setRemoveOnCancelPolicy(true);
		return timer;
	}

	/**
	 * Return the facade applications use: broadcasts, sockets and rooms.
	 * @return the facade
	 */
	public Io io() {
		return this.sockets.io();
	}

	/**
	 * Add a listener told what the server does, such as a metrics binder. Listeners may be
	 * added at any time.
	 * @param listener the listener
	 */
	public void addListener(IoServerListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Return the limits.
	 * @return the limits
	 */
	public IoLimits limits() {
		return this.spec.limits();
	}

	/**
	 * Return the adapter.
	 * @return the adapter, one that reaches no other node by default
	 */
	public IoAdapter adapter() {
		return this.spec.adapter();
	}

	/**
	 * Return this node's sockets, as adapters reach them.
	 * @return the node
	 */
	public IoNode node() {
		return this.sockets.node();
	}

	/**
	 * Return the namespaces clients may connect to.
	 * @return the namespace names, {@code /} first
	 */
	public List<String> namespaces() {
		return this.sockets.namespaces();
	}

	/**
	 * Return the number of open Engine.IO sessions.
	 * @return the number of connected clients
	 */
	public int connectedClients() {
		EngineIoServer engine = this.engine;
		return (engine != null) ? engine.sessionCount() : 0;
	}

	/**
	 * Return the number of sockets connected to a namespace on this node.
	 * @param namespace the namespace
	 * @return the number of sockets
	 * @throws IllegalArgumentException for a namespace clients may not connect to
	 */
	public int connectedSockets(String namespace) {
		return this.sockets.connectedSockets(namespace);
	}

	/**
	 * Return the rooms of a namespace that sockets of this node are in.
	 * @param namespace the namespace
	 * @return the rooms, each socket's own id among them
	 * @throws IllegalArgumentException for a namespace clients may not connect to
	 */
	public Set<String> rooms(String namespace) {
		return this.sockets.rooms(namespace);
	}

	/**
	 * Return the port the server listens on.
	 * @return the bound port once started (the actual one when configured with 0), else the
	 * configured one
	 */
	public int port() {
		return (this.boundPort >= 0) ? this.boundPort : this.spec.bind().port();
	}

}
