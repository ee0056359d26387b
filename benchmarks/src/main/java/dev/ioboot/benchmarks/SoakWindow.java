package dev.ioboot.benchmarks;

import dev.ioboot.benchmarks.ServerProbe.Sample;
import dev.ioboot.benchmarks.SoakChat.Counts;

/**
 * One window of the {@code soak} workload: the chat's figures and the server's at its end.
 *
 * @param index the window number, from 1
 * @param warmup whether it is a warm-up window
 * @param endSeconds seconds from the start of the chat to the end of the window
 * @param seconds the window's length
 * @param clients clients in their room at the end of the window
 * @param sent chat messages sent
 * @param acks acknowledgements received
 * @param delivered deliveries to room members
 * @param lost deliveries missing after {@link SoakChat#LOSS_TIMEOUT} (counted in the window where
 * the timeout ran out)
 * @param skipped sends skipped because the client was reconnecting or its previous message was
 * not acknowledged yet
 * @param reconnects clients that disconnected and came back (churn)
 * @param errors the sum of the error counters: acknowledgements missing or wrong, duplicate or
 * misrouted deliveries, deliveries after the loss timeout, failed reconnects, connections the
 * server or the network dropped, and the driver's unexpected frames, server closes and errors
 * @param errorDetail the error counters by name, those above zero
 * @param ackP50 acknowledgement latency p50, ms
 * @param ackP99 acknowledgement latency p99, ms
 * @param ackMax acknowledgement latency max, ms
 * @param deliveryP50 delivery latency (send to receipt) p50, ms
 * @param deliveryP99 delivery latency p99, ms
 * @param deliveryMax delivery latency max, ms
 * @param reconnectP99 reconnect (connect and join) latency p99, ms
 * @param heapMib used heap at the end (JVM servers)
 * @param oldGenMib used old generation at the end (JVM servers)
 * @param gcMillis GC time in the window (JVM servers)
 * @param fullGcs full collections in the window (JVM servers)
 * @param rssMib resident memory at the end
 * @param threads threads at the end
 * @param serverCpuPercent the server's CPU use, % of one CPU
 * @param driverCpuPercent the driver's CPU use, % of one CPU
 * @param loadAverage the machine's one-minute load average at the end
 */
record SoakWindow(int index, boolean warmup, double endSeconds, double seconds, int clients, long sent, long acks,
		long delivered, long lost, long skipped, long reconnects, long errors, String errorDetail, double ackP50,
		double ackP99, double ackMax, double deliveryP50, double deliveryP99, double deliveryMax, double reconnectP99,
		double heapMib, double oldGenMib, double gcMillis, double fullGcs, double rssMib, int threads,
		double serverCpuPercent, double driverCpuPercent, double loadAverage) {

	static SoakWindow of(int index, boolean warmup, long startNanos, Counts counts, long driverProblems,
			Sample before, Sample after) {
		double seconds = (after.nanos() - before.nanos()) / 1e9;
		StringBuilder detail = new StringBuilder();
		long errors = error(detail, "acks missing", counts.ackTimeouts) + error(detail, "wrong acks", counts.wrongAcks)
				+ error(detail, "duplicates", counts.duplicates) + error(detail, "misrouted", counts.misrouted)
				+ error(detail, "late", counts.late) + error(detail, "reconnect failures", counts.reconnectFailures)
				+ error(detail, "dropped", counts.dropped) + error(detail, "driver problems", driverProblems);
		return new SoakWindow(index, warmup, (after.nanos() - startNanos) / 1e9, seconds, counts.connected,
				counts.sent, counts.acks, counts.delivered, counts.lost, counts.skipped, counts.churned, errors,
				detail.toString(), Payloads.millis(counts.ackLatency, 50), Payloads.millis(counts.ackLatency, 99),
				Payloads.maxMillis(counts.ackLatency), Payloads.millis(counts.deliveryLatency, 50),
				Payloads.millis(counts.deliveryLatency, 99), Payloads.maxMillis(counts.deliveryLatency),
				Payloads.millis(counts.reconnectLatency, 99), after.heap().usedMib(), after.heap().oldMib(),
				(after.heap().gcSeconds() - before.heap().gcSeconds()) * 1000,
				after.heap().fullGcs() - before.heap().fullGcs(), after.rssMib(), after.threads(),
				(after.cpuSeconds() - before.cpuSeconds()) / seconds * 100,
				(after.driverCpuSeconds() - before.driverCpuSeconds()) / seconds * 100, after.loadAverage());
	}

	private static long error(StringBuilder detail, String name, long count) {
		if (count > 0) {
			detail.append(detail.isEmpty() ? "" : ", ").append(name).append(' ').append(count);
		}
		return count;
	}

	double messagesPerSecond() {
		return this.sent / this.seconds;
	}

	double deliveriesPerSecond() {
		return this.delivered / this.seconds;
	}

}
