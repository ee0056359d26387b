package dev.ioboot.server.protect;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import dev.ioboot.server.IoLimits;
import dev.ioboot.server.IoRejection;

/**
 * Counts the open connections, in all and per client address, against
 * {@link IoLimits#maxConnections()} and {@link IoLimits#maxConnectionsPerAddress()}.
 */
public final class ConnectionLimiter {

	private final int max;

	private final int maxPerAddress;

	private final AtomicInteger open = new AtomicInteger();

	private final ConcurrentMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

	/**
	 * Create a limiter.
	 * @param limits the connection limits
	 */
	public ConnectionLimiter(IoLimits limits) {
		this.max = limits.maxConnections();
		this.maxPerAddress = limits.maxConnectionsPerAddress();
	}

	/**
	 * Count a new connection, unless a limit is reached.
	 * @param address the client address
	 * @return {@code null} if the connection is counted (release it with
	 * {@link #release(InetAddress)}), else the {@link IoRejection} reason
	 */
	public String acquire(InetAddress address) {
		if (this.open.incrementAndGet() > this.max && this.max > 0) {
			this.open.decrementAndGet();
			return IoRejection.MAX_CONNECTIONS;
		}
		if (this.maxPerAddress > 0 && address != null) {
			boolean[] refused = new boolean[1];
			this.perAddress.compute(address, (key, count) -> {
				AtomicInteger counter = (count != null) ? count : new AtomicInteger();
				if (counter.get() >= this.maxPerAddress) {
					refused[0] = true;
				}
				else {
					counter.incrementAndGet();
				}
				return (counter.get() > 0) ? counter : null;
			});
			if (refused[0]) {
				this.open.decrementAndGet();
				return IoRejection.MAX_CONNECTIONS_PER_ADDRESS;
			}
		}
		return null;
	}

	/**
	 * Release a connection counted by {@link #acquire(InetAddress)}.
	 * @param address the client address
	 */
	public void release(InetAddress address) {
		this.open.decrementAndGet();
		if (this.maxPerAddress > 0 && address != null) {
			this.perAddress.computeIfPresent(address, (key, count) -> (count.decrementAndGet() > 0) ? count : null);
		}
	}

	int open() {
		return this.open.get();
	}

	int addresses() {
		return this.perAddress.size();
	}

}
