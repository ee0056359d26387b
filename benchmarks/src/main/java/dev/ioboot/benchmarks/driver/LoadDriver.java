package dev.ioboot.benchmarks.driver;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import org.HdrHistogram.Histogram;

/**
 * The load driver: WebSocket connections to one server, all on a single Netty event loop so
 * that workload state needs no locks and the driver stays on its own core. Workloads change
 * that state only on {@link #loop()}; other threads go through {@link #onLoop(Callable)}.
 */
public final class LoadDriver implements AutoCloseable {

	private static final int MAX_FRAME = 2_000_000;

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final EventLoop loop = this.group.next();

	private final DriverStats stats = new DriverStats();

	private final WireProtocol protocol;

	private final String host;

	private final int port;

	private final URI uri;

	public LoadDriver(String host, int port, WireProtocol protocol) {
		this.host = host;
		this.port = port;
		this.protocol = protocol;
		this.uri = URI.create("ws://" + host + ":" + port + protocol.path());
	}

	public EventLoop loop() {
		return this.loop;
	}

	public DriverStats stats() {
		return this.stats;
	}

	/**
	 * Runs a task on the driver's event loop and waits for its result.
	 * @param <T> the result type
	 * @param task the task
	 * @return its result
	 */
	public <T> T onLoop(Callable<T> task) {
		try {
			return this.loop.submit(task).get(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until a condition holds, checking it on the driver's event loop every 20 ms, or
	 * until a time has passed.
	 * @param condition the condition
	 * @param timeout the longest wait
	 * @return whether it held in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitOnLoop(Callable<Boolean> condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!onLoop(condition)) {
			if (System.nanoTime() >= deadline) {
				return false;
			}
			Thread.sleep(20);
		}
		return true;
	}

	/**
	 * Opens one connection now. Call on the event loop.
	 * @return the client, whose {@link BenchClient#connected()} completes when it is usable
	 */
	public BenchClient open() {
		BenchClient client = new BenchClient(this.protocol, this.stats);
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(this.uri)
			.version(WebSocketVersion.V13)
			.allowExtensions(false)
			.maxFramePayloadLength(MAX_FRAME)
			.handshakeTimeoutMillis(30_000)
			.dropPongFrames(true)
			.build();
		ChannelFuture future = new Bootstrap().group(this.loop)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline()
						.addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
								new WebSocketClientProtocolHandler(config), client);
				}
			})
			.connect(this.host, this.port);
		future.addListener((ChannelFuture f) -> {
			if (!f.isSuccess() && client.connected().completeExceptionally(f.cause())) {
				this.stats.connectFailures++;
			}
		});
		return client;
	}

	/**
	 * Opens {@code count} connections at a fixed rate and waits until each is usable, has failed
	 * or has taken longer than {@code timeout}.
	 * @param count how many
	 * @param perSecond the rate at which connects start
	 * @param timeout how long one connect may take
	 * @return the outcome
	 */
	public ConnectOutcome connect(int count, double perSecond, Duration timeout) {
		List<BenchClient> clients = new ArrayList<>(count);
		Histogram latencies = new Histogram(3);
		CompletableFuture<Void> done = new CompletableFuture<>();
		long start = System.nanoTime();
		long timeoutNanos = timeout.toNanos();
		int[] finished = { 0 };
		int[] failed = { 0 };
		Runnable finish = () -> {
			if (++finished[0] == count) {
				done.complete(null);
			}
		};
		ScheduledFuture<?>[] pacer = new ScheduledFuture<?>[1];
		pacer[0] = this.loop.scheduleAtFixedRate(() -> {
			long due = Math.min(count, (long) Math.floor((System.nanoTime() - start) / 1e9 * perSecond) + 1);
			while (clients.size() < due) {
				BenchClient client = open();
				clients.add(client);
				ScheduledFuture<?> expiry = this.loop.schedule(() -> {
					if (client.connected().completeExceptionally(new TimeoutException("connect timeout"))) {
						client.close();
					}
				}, timeoutNanos, TimeUnit.NANOSECONDS);
				client.connected().whenComplete((c, ex) -> {
					expiry.cancel(false);
					if (ex == null) {
						latencies.recordValue(client.connectNanos());
					}
					else {
						failed[0]++;
					}
					finish.run();
				});
			}
			if (clients.size() == count) {
				pacer[0].cancel(false);
			}
		}, 0, 1, TimeUnit.MILLISECONDS);
		if (count == 0) {
			done.complete(null);
		}
		try {
			done.get(timeout.toNanos() + (long) (count / perSecond * 1e9) + TimeUnit.SECONDS.toNanos(30),
					TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("connects did not finish: " + ex);
		}
		long elapsed = System.nanoTime() - start;
		return onLoop(() -> new ConnectOutcome(
				clients.stream().filter((c) -> c.connectNanos() >= 0 && !c.closed()).toList(), failed[0],
				latencies.copy(), elapsed));
	}

	/**
	 * Closes the given connections and waits until they are closed.
	 * @param clients the connections
	 */
	public void closeAll(List<BenchClient> clients) {
		onLoop(() -> {
			clients.forEach(BenchClient::close);
			return null;
		});
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
	}

	/**
	 * The result of {@link #connect}.
	 *
	 * @param clients the usable connections
	 * @param failures connects that failed or timed out
	 * @param latencies connect latencies in nanoseconds
	 * @param elapsedNanos from the first connect to the last outcome
	 */
	public record ConnectOutcome(List<BenchClient> clients, int failures, Histogram latencies, long elapsedNanos) {

	}

}
