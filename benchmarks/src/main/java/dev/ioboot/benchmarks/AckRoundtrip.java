package dev.ioboot.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ioboot.benchmarks.driver.BenchClient;
import dev.ioboot.benchmarks.driver.BenchClient.AckCallback;
import dev.ioboot.benchmarks.driver.LoadDriver;
import dev.ioboot.benchmarks.driver.LoadDriver.ConnectOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.HdrHistogram.Histogram;

/**
 * {@code ack-roundtrip}: C clients, each sending {@code echo} with a JSON payload and sending
 * the next as soon as the acknowledgement arrives (a closed loop). The acknowledgement must
 * carry the payload byte for byte.
 */
final class AckRoundtrip implements Workload {

	private final WarmUp warmUp = new WarmUp();

	@Override
	public String name() {
		return "ack-roundtrip";
	}

	@Override
	public List<Result> run(ServerProcess server, LoadDriver driver, Settings settings, int run) throws Exception {
		List<Result> results = new ArrayList<>();
		for (int clients : settings.ackClients()) {
			ConnectOutcome outcome = driver.connect(clients, settings.setupRate(), Duration.ofSeconds(30));
			if (outcome.failures() > 0) {
				throw new IllegalStateException(outcome.failures() + " of " + clients + " clients did not connect");
			}
			for (int size : settings.ackPayloads()) {
				results.add(measure(server, driver, settings, run, outcome.clients(), size));
			}
			driver.closeAll(outcome.clients());
		}
		return results;
	}

	private Result measure(ServerProcess server, LoadDriver driver, Settings settings, int run,
			List<BenchClient> clients, int size) throws InterruptedException {
		Loop loop = new Loop(Payloads.json(size));
		driver.onLoop(() -> {
			clients.forEach(loop::send);
			return null;
		});
		this.warmUp.hold(settings);
		String variant = "C=" + clients.size() + ", " + size + " B";
		server.profileStart();
		double[] window = driver.onLoop(() -> loop.startMeasuring(server));
		Payloads.hold(settings.measure());
		double[] end = driver.onLoop(() -> loop.stopMeasuring(server));
		server.profileStop(name() + "-" + variant);
		driver.awaitOnLoop(() -> loop.inFlight == 0, Duration.ofSeconds(10));
		double seconds = (end[0] - window[0]) / 1e9;
		double cpu = end[1] - window[1];
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("acks/s", loop.measured / seconds);
		metrics.put("p50 ms", Payloads.millis(loop.latencies, 50));
		metrics.put("p99 ms", Payloads.millis(loop.latencies, 99));
		metrics.put("max ms", Payloads.maxMillis(loop.latencies));
		metrics.put("CPU s / 100k acks", cpu / loop.measured * 100_000);
		metrics.put("RSS MiB", Payloads.mib(server.rssKib()));
		metrics.put("driver CPU %", (end[2] - window[2]) / seconds * 100);
		metrics.put("wrong acks", (double) loop.mismatches);
		int lost = driver.onLoop(() -> loop.inFlight);
		String problems = (lost > 0) ? lost + " acknowledgements never arrived" : "";
		return new Result(name(), variant, server.kind(), run, metrics, problems);
	}

	/**
	 * The closed loop, run on the driver's event loop.
	 */
	private static final class Loop implements AckCallback {

		private final byte[] payload;

		private final ByteBuf expected;

		private final Histogram latencies = new Histogram(3);

		private boolean running = true;

		private boolean measuring;

		private long measured;

		private long mismatches;

		private int inFlight;

		Loop(byte[] payload) {
			this.payload = payload;
			this.expected = Unpooled.wrappedBuffer(payload);
		}

		void send(BenchClient client) {
			if (!client.closed()) {
				this.inFlight++;
				client.request("echo", this, this.payload);
			}
		}

		@Override
		public void onAck(BenchClient client, ByteBuf args) {
			this.inFlight--;
			if (this.measuring) {
				this.latencies.recordValue(System.nanoTime() - client.requestNanos());
				this.measured++;
				if (!ByteBufUtil.equals(args, this.expected)) {
					this.mismatches++;
				}
			}
			if (this.running) {
				send(client);
			}
		}

		double[] startMeasuring(ServerProcess server) {
			this.measuring = true;
			return server.clocks();
		}

		double[] stopMeasuring(ServerProcess server) {
			this.measuring = false;
			this.running = false;
			return server.clocks();
		}

	}

}
