package dev.ioboot.adapter.redis;

import java.time.Duration;

/**
 * The settings of a {@link RedisStreamsIoAdapter}, named and defaulted as the options of
 * socket.io's {@code @socket.io/redis-streams-adapter}.
 *
 * @param streamName the stream's key, or the prefix of the keys when there are several
 * ({@code streamName}, {@code socket.io})
 * @param streamCount how many streams carry the namespaces, each namespace on one of them
 * ({@code streamCount}, 1)
 * @param channelPrefix the prefix of the pub/sub channels of requests and responses
 * ({@code channelPrefix}, {@code socket.io})
 * @param maxLen the length the stream is trimmed to, approximately ({@code maxLen}, 10000)
 * @param readCount the most entries one read returns ({@code readCount}, 100)
 * @param blockTime the longest one read waits for entries ({@code blockTimeInMs}, 5 s)
 * @param sessionKeyPrefix the prefix of the keys that hold the sessions of connection state
 * recovery ({@code sessionKeyPrefix}, {@code sio:session:})
 * @param requestTimeout how long fetchSockets and serverSideEmitWithAck wait for the other
 * nodes' answers
 */
public record RedisStreamsSettings(String streamName, int streamCount, String channelPrefix, long maxLen,
		int readCount, Duration blockTime, String sessionKeyPrefix, Duration requestTimeout) {

	/**
	 * The defaults of socket.io's adapter, with a 5 s request timeout.
	 */
	public static final RedisStreamsSettings DEFAULTS = new RedisStreamsSettings("socket.io", 1, "socket.io", 10_000,
			100, Duration.ofSeconds(5), "sio:session:", Duration.ofSeconds(5));

	public RedisStreamsSettings {
		if (streamCount < 1) {
			throw new IllegalArgumentException("streamCount must be at least 1");
		}
		if (maxLen < 1 || readCount < 1) {
			throw new IllegalArgumentException("maxLen and readCount must be positive");
		}
	}

	/**
	 * Return the stream a namespace's messages go through: each namespace on one stream, so
	 * that its messages keep their order (the same choice as socket.io's adapter).
	 * @param namespace the namespace
	 * @return the stream's key
	 */
	public String streamOf(String namespace) {
		if (this.streamCount == 1) {
			return this.streamName;
		}
		// String.hashCode is JavaScript's "hash * 31 + code unit" in 32 bits; % keeps the sign
		return this.streamName + "-" + (namespace.hashCode() % this.streamCount);
	}

}
