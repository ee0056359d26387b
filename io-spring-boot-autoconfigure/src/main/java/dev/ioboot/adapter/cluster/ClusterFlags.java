package dev.ioboot.adapter.cluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ioboot.adapter.IoEmitFlags;

/**
 * The {@code flags} of a message's {@code opts} as socket.io writes them: {@code volatile},
 * {@code compress} and {@code timeout} (milliseconds), each present only when it differs from
 * a plain emit.
 */
final class ClusterFlags {

	private ClusterFlags() {
	}

	static Map<String, Object> toMap(IoEmitFlags flags) {
		Map<String, Object> map = new LinkedHashMap<>();
		if (flags == null) {
			return map;
		}
		if (flags.droppable()) {
			map.put("volatile", true);
		}
		if (!flags.compress()) {
			map.put("compress", false);
		}
		if (flags.timeout() != null) {
			map.put("timeout", flags.timeout().toMillis());
		}
		return map;
	}

	static IoEmitFlags fromMap(Object value) {
		Map<?, ?> map = (value instanceof Map<?, ?> flags) ? flags : Map.of();
		boolean droppable = Boolean.TRUE.equals(map.get("volatile"));
		boolean compress = !Boolean.FALSE.equals(map.get("compress"));
		Duration timeout = (map.get("timeout") instanceof Number millis && millis.longValue() > 0)
				? Duration.ofMillis(millis.longValue()) : null;
		return new IoEmitFlags(droppable, compress, false, timeout);
	}

}
