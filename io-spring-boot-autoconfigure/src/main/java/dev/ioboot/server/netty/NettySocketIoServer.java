package dev.ioboot.server.netty;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

import dev.ioboot.server.IoServerBootstrapCustomizer;
import dev.ioboot.server.IoServerSpec;
import dev.ioboot.server.IoServerStartException;

/**
 * The one place netty-socketio is used: its {@link SocketIOServer} binds the port and runs
 * the event loops, and every accepted connection gets the starter's own child handler
 * instead of netty-socketio's pipeline.
 *
 * <p>Two seams of {@link SocketIOServer}'s protected API make this work.
 * {@code applyConnectionOptions(ServerBootstrap)} is called once the bootstrap has its event
 * loops and netty-socketio's child handler: there the child handler is replaced and the
 * {@link IoServerBootstrapCustomizer customizers} run, and the event loops are kept so that
 * {@link #stop()} can shut them down without netty-socketio's two-second quiet periods, once
 * the tasks the drain queued (last acknowledgements, DISCONNECT packets, closes) have run.
 * netty-socketio's own channel initializer still starts and stops with the server, which
 * releases the timer it creates (a Netty {@code HashedWheelTimer}), but it is never part of
 * a pipeline.
 */
public final class NettySocketIoServer {

	/**
	 * The longest time the event loops get to finish their tasks once the server has
	 * drained.
	 */
	private static final long EVENT_LOOP_SHUTDOWN_MILLIS = 1000;

	private final IoServerSpec.Bind options;

	private final List<IoServerBootstrapCustomizer> customizers;

	private Server server;

	/**
	 * Create a server, not yet bound.
	 * @param options where to bind and how many threads to run
	 * @param customizers applied to the bootstrap, in order
	 */
	public NettySocketIoServer(IoServerSpec.Bind options, List<IoServerBootstrapCustomizer> customizers) {
		this.options = options;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Bind and serve each accepted connection with the given handler.
	 * @param childHandler the handler of accepted connections, usually a
	 * {@link io.netty.channel.ChannelInitializer}
	 * @return the address bound
	 * @throws IoServerStartException if the port cannot be bound; the event loops are
	 * released
	 */
	public synchronized InetSocketAddress start(ChannelHandler childHandler) {
		Server server = new Server(configuration(this.options), childHandler, this.customizers);
		try {
			Future<Void> bound = server.startAsync().syncUninterruptibly();
			this.server = server;
			if (bound instanceof ChannelFuture channel
					&& channel.channel().localAddress() instanceof InetSocketAddress address) {
				return address;
			}
			return new InetSocketAddress(this.options.host(), this.options.port());
		}
		catch (Exception ex) {
			// Netty rethrows the bind failure, a checked exception, undeclared
			server.stop();
			throw new IoServerStartException("Socket.IO server could not listen on " + this.options.host() + ":"
					+ this.options.port() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Close the listening socket and every connection, and release the event loops.
	 */
	public synchronized void stop() {
		if (this.server != null) {
			this.server.stop();
			this.server = null;
		}
	}

	private static Configuration configuration(IoServerSpec.Bind options) {
		Configuration configuration = new Configuration();
		configuration.setHostname(options.host());
		configuration.setPort(options.port());
		configuration.setBossThreads(options.bossThreads());
		configuration.setWorkerThreads(options.workerThreads());
		configuration.setUseLinuxNativeEpoll(NativeTransport.useEpoll(options.nativeTransport()));
		configuration.getSocketConfig().setReuseAddress(true);
		return configuration;
	}

	/**
	 * netty-socketio's server with the starter's child handler and a prompt stop.
	 */
	private static final class Server extends SocketIOServer {

		private final ChannelHandler childHandler;

		private final List<IoServerBootstrapCustomizer> customizers;

		private EventLoopGroup boss;

		private EventLoopGroup workers;

		Server(Configuration configuration, ChannelHandler childHandler,
				List<IoServerBootstrapCustomizer> customizers) {
			super(configuration);
			this.childHandler = childHandler;
			this.customizers = customizers;
		}

		@Override
		protected void applyConnectionOptions(ServerBootstrap bootstrap) {
			super.applyConnectionOptions(bootstrap);
			this.boss = bootstrap.config().group();
			this.workers = bootstrap.config().childGroup();
			bootstrap.childHandler(this.childHandler);
			this.customizers.forEach((customizer) -> customizer.customize(bootstrap));
		}

		@Override
		public void stop() {
			// netty-socketio waits out Netty's default quiet period (2 s) on each group; the
			// server has drained already, so the groups may stop as soon as they are idle.
			// A shutting-down event loop closes its channels before it runs its queued tasks:
			// the writes and closes the drain queued must run first.
			shutdownPromptly(this.boss);
			runQueuedTasks(this.workers);
			shutdownPromptly(this.workers);
			super.stop();
		}

		private static void runQueuedTasks(EventLoopGroup group) {
			if (group == null) {
				return;
			}
			List<Future<?>> barriers = new ArrayList<>();
			for (EventExecutor loop : group) {
				barriers.add(loop.submit(() -> {
				}));
			}
			for (Future<?> barrier : barriers) {
				barrier.awaitUninterruptibly(EVENT_LOOP_SHUTDOWN_MILLIS);
			}
		}

		private static void shutdownPromptly(EventLoopGroup group) {
			if (group != null) {
				group.shutdownGracefully(0, EVENT_LOOP_SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
			}
		}

	}

}
