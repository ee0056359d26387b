package dev.ioboot.server.engine;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import dev.ioboot.server.EngineIoSettings;
import dev.ioboot.server.IoLimits;
import dev.ioboot.server.IoServerListeners;
import dev.ioboot.server.Transport;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;

/**
 * An Engine.IO server on its own, on plain Netty and a free port: the sessions it opens are
 * handed to the test, which sends on them directly; what clients send is kept.
 */
final class EngineTestServer implements AutoCloseable {

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final BlockingQueue<EngineSession> sessions = new LinkedBlockingQueue<>();

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final Channel server;

	EngineTestServer(EngineIoSettings.Compression perMessageDeflate, EngineIoSettings.Compression httpCompression)
			throws InterruptedException {
		EngineIoSettings settings = new EngineIoSettings("/socket.io", Set.of(Transport.POLLING, Transport.WEBSOCKET),
				Duration.ofSeconds(25), Duration.ofSeconds(20), Duration.ofSeconds(45), 1_000_000,
				new EngineIoSettings.CorsPolicy(List.of(), List.of("GET", "POST"), false), perMessageDeflate,
				httpCompression);
		EngineIoServer engine = new EngineIoServer(settings, IoLimits.NONE, new IoServerListeners(), this.timer,
				(session, handshake) -> {
					this.sessions.add(session);
					return new EngineSession.Listener() {

						@Override
						public void onMessage(EngineFrame frame) {
							EngineTestServer.this.received.add(frame.isBinary() ? "binary" : frame.text());
						}

						@Override
						public void onClose(String reason) {
						}

					};
				});
		this.server = new ServerBootstrap().group(this.group)
			.channel(NioServerSocketChannel.class)
			.childHandler(new EngineIoChannelInitializer(engine, null))
			.bind("127.0.0.1", 0)
			.sync()
			.channel();
	}

	int port() {
		return ((InetSocketAddress) this.server.localAddress()).getPort();
	}

	/**
	 * Return the next message a client sent.
	 * @return the message, {@code binary} for a binary one
	 * @throws InterruptedException if interrupted
	 */
	String nextReceived() throws InterruptedException {
		String message = this.received.poll(TIMEOUT, TimeUnit.SECONDS);
		if (message == null) {
			throw new AssertionError("No message received within " + TIMEOUT + " s");
		}
		return message;
	}

	/**
	 * Return the next session opened.
	 * @return the session
	 * @throws InterruptedException if interrupted
	 */
	EngineSession nextSession() throws InterruptedException {
		EngineSession session = this.sessions.poll(TIMEOUT, TimeUnit.SECONDS);
		if (session == null) {
			throw new AssertionError("No session opened within " + TIMEOUT + " s");
		}
		return session;
	}

	@Override
	public void close() {
		this.server.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
		this.timer.shutdownNow();
	}

}
