package dev.ioboot.server;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Connection state recovery, as socket.io 4.6 introduced it: a client that comes back within
 * {@code maxDisconnectionDuration} gets its socket id, rooms and data back, and the packets
 * it missed meanwhile.
 *
 * @param enabled whether sockets are recovered
 * @param maxDisconnectionDuration how long a disconnected socket's state and the packets it
 * may miss are kept
 * @param skipMiddlewares whether a recovered socket skips the connect middlewares (its
 * principal is decided again in any case)
 * @param bufferLimit the most bytes of packets kept per namespace for disconnected sockets;
 * the oldest go first, and a socket whose last packet went cannot be recovered
 */
public record ConnectionStateRecovery(boolean enabled, Duration maxDisconnectionDuration, boolean skipMiddlewares,
		long bufferLimit) {

	/** Recovery off. */
	public static final ConnectionStateRecovery DISABLED = new ConnectionStateRecovery(false, Duration.ofMinutes(2),
			true, 16L * 1024 * 1024);

	/**
	 * Validate the values.
	 */
	public ConnectionStateRecovery {
		Assert.notNull(maxDisconnectionDuration, "'maxDisconnectionDuration' must not be null");
		Assert.isTrue(!maxDisconnectionDuration.isNegative() && !maxDisconnectionDuration.isZero(),
				"'maxDisconnectionDuration' must be positive");
		Assert.isTrue(bufferLimit > 0, "'bufferLimit' must be positive");
	}

	/**
	 * Return recovery on, with socket.io's defaults (2 minutes, middlewares skipped) and a
	 * 16 MB buffer per namespace.
	 * @return the settings
	 */
	public static ConnectionStateRecovery withDefaults() {
		return new ConnectionStateRecovery(true, DISABLED.maxDisconnectionDuration(), true, DISABLED.bufferLimit());
	}

}
