package dev.ioboot.adapter;

import java.time.Duration;

/**
 * The flags of an emit, as socket.io's adapters carry them between nodes.
 *
 * @param droppable whether a packet is dropped for a client that cannot take it right now
 * (socket.io's {@code volatile})
 * @param compress whether websocket compression may compress the packet
 * @param local whether the emit stays on the node it was made on
 * @param timeout how long acknowledgements are awaited, or {@code null} for no limit
 */
public record IoEmitFlags(boolean droppable, boolean compress, boolean local, Duration timeout) {

	/**
	 * The flags of a plain emit: reliable, compressed when compression is on, cluster-wide,
	 * no acknowledgement timeout.
	 */
	public static final IoEmitFlags DEFAULT = new IoEmitFlags(false, true, false, null);

	/**
	 * Return these flags, droppable.
	 * @return the flags
	 */
	public IoEmitFlags asDroppable() {
		return new IoEmitFlags(true, this.compress, this.local, this.timeout);
	}

	/**
	 * Return these flags with the given compression.
	 * @param compress whether to compress
	 * @return the flags
	 */
	public IoEmitFlags withCompress(boolean compress) {
		return new IoEmitFlags(this.droppable, compress, this.local, this.timeout);
	}

	/**
	 * Return these flags, local to this node.
	 * @return the flags
	 */
	public IoEmitFlags asLocal() {
		return new IoEmitFlags(this.droppable, this.compress, true, this.timeout);
	}

	/**
	 * Return these flags with an acknowledgement timeout.
	 * @param timeout the timeout, positive
	 * @return the flags
	 * @throws IllegalArgumentException if the timeout is not positive
	 */
	public IoEmitFlags withTimeout(Duration timeout) {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive, was " + timeout);
		}
		return new IoEmitFlags(this.droppable, this.compress, this.local, timeout);
	}

}
