package dev.ioboot.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.ioboot.benchmarks.driver.BenchClient;
import dev.ioboot.benchmarks.driver.BenchClient.AckCallback;
import dev.ioboot.benchmarks.driver.LoadDriver;
import dev.ioboot.benchmarks.driver.LoadDriver.ConnectOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.HdrHistogram.Histogram;

/**
 * {@code ack-fixed-rate}: C clients send {@code echo} with a 64-byte JSON payload at a fixed
 * total rate, in turn, whether or not earlier acknowledgements have arrived (an open loop), so
 * every server gets the same offered load, below its saturation, as real servers mostly run.
 * Latency is from the send to the acknowledgement, which must carry the payload byte for
 * byte. The driver sends what is due every millisecond, counted from the start, so that a late
 * tick catches up instead of lowering the rate.
 */
final class AckFixedRate implements Workload {

	static final String NAME = "ack-fixed-rate";

	private static final int PAYLOAD = 64;

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<Result> run(ServerProcess server, LoadDriver driver, Settings settings, int run) throws Exception {
		int clients = settings.rateClients();
		ConnectOutcome outcome = driver.connect(clients, settings.setupRate(), Duration.ofSeconds(30));
		if (outcome.failures() > 0) {
			throw new IllegalStateException(outcome.failures() + " of " + clients + " clients did not connect");
		}
		Schedule schedule = new Schedule(outcome.clients(), settings.rate(), Payloads.json(PAYLOAD));
		ScheduledFuture<?> ticks = driver.onLoop(() -> driver.loop()
			.scheduleAtFixedRate(schedule::tick, 0, 1, TimeUnit.MILLISECONDS));
		try {
			new WarmUp().hold(settings);
			server.profileStart();
			double[] window = driver.onLoop(() -> schedule.startMeasuring(server));
			Payloads.hold(settings.measure());
			double[] end = driver.onLoop(() -> schedule.stopMeasuring(server));
			server.profileStop(name());
			return List.of(result(server, driver, settings, run, schedule, window, end));
		}
		finally {
			driver.onLoop(() -> ticks.cancel(false));
			driver.closeAll(outcome.clients());
		}
	}

	private Result result(ServerProcess server, LoadDriver driver, Settings settings, int run, Schedule schedule,
			double[] window, double[] end) throws InterruptedException {
		// the acknowledgements of the window's last requests may still be on their way
		driver.awaitOnLoop(() -> schedule.awaited == 0, Duration.ofSeconds(10));
		double seconds = (end[0] - window[0]) / 1e9;
		double cpu = end[1] - window[1];
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("offered acks/s", schedule.measuredSent / seconds);
		metrics.put("acks/s", schedule.measuredAcked / seconds);
		metrics.put("CPU s / 100k acks", cpu / schedule.measuredAcked * 100_000);
		metrics.put("server CPU %", cpu / seconds * 100);
		metrics.put("p50 ms", Payloads.millis(schedule.latencies, 50));
		metrics.put("p99 ms", Payloads.millis(schedule.latencies, 99));
		metrics.put("p99.9 ms", Payloads.millis(schedule.latencies, 99.9));
		metrics.put("max ms", Payloads.maxMillis(schedule.latencies));
		metrics.put("RSS MiB", Payloads.mib(server.rssKib()));
		metrics.put("driver CPU %", (end[2] - window[2]) / seconds * 100);
		metrics.put("wrong acks", (double) schedule.mismatches);
		int lost = driver.onLoop(() -> schedule.awaited);
		String problems = (lost > 0) ? lost + " acknowledgements of the measured window never arrived" : "";
		String variant = "C=" + schedule.clients.size() + ", "
				+ String.format(Locale.ROOT, "%,.0f", settings.rate()) + " acks/s offered, " + PAYLOAD + " B";
		return new Result(name(), variant, server.kind(), run, metrics, problems);
	}

	/**
	 * The schedule, run on the driver's event loop.
	 */
	private static final class Schedule implements AckCallback {

		private final List<BenchClient> clients;

		private final double perNano;

		private final byte[] payload;

		private final ByteBuf expected;

		private final Histogram latencies = new Histogram(3);

		private final long start = System.nanoTime();

		private boolean running = true;

		private long sent;

		/** The number of the first request of the measured window, or -1 before it. */
		private long firstMeasured = -1;

		/** The number of the first request after the measured window. */
		private long endMeasured = Long.MAX_VALUE;

		private long measuredSent;

		private long measuredAcked;

		/** Measured requests whose acknowledgement has not arrived. */
		private int awaited;

		private long mismatches;

		Schedule(List<BenchClient> clients, double perSecond, byte[] payload) {
			this.clients = clients;
			this.perNano = perSecond / 1e9;
			this.payload = payload;
			this.expected = Unpooled.wrappedBuffer(payload);
		}

		void tick() {
			if (!this.running) {
				return;
			}
			long due = (long) ((System.nanoTime() - this.start) * this.perNano);
			while (this.sent < due) {
				BenchClient client = this.clients.get((int) (this.sent % this.clients.size()));
				long number = this.sent++;
				if (client.closed()) {
					continue;
				}
				boolean measured = this.firstMeasured >= 0 && number < this.endMeasured;
				if (measured) {
					this.measuredSent++;
					this.awaited++;
				}
				client.request("echo", measured ? this : Schedule::ignore, this.payload);
			}
		}

		private static void ignore(BenchClient client, ByteBuf args) {
		}

		@Override
		public void onAck(BenchClient client, ByteBuf args) {
			this.awaited--;
			this.measuredAcked++;
			this.latencies.recordValue(System.nanoTime() - client.requestNanos());
			if (!ByteBufUtil.equals(args, this.expected)) {
				this.mismatches++;
			}
		}

		double[] startMeasuring(ServerProcess server) {
			this.firstMeasured = this.sent;
			return server.clocks();
		}

		double[] stopMeasuring(ServerProcess server) {
			this.endMeasured = this.sent;
			this.running = false;
			return server.clocks();
		}

	}

}
