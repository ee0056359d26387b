package dev.ioboot.admin;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of logged-in Admin UI users, in memory: the UI reconnects with the session
 * id it was given instead of the password. The oldest are forgotten past a bound.
 */
final class AdminUiSessions {

	private static final int MAX_SESSIONS = 1000;

	private final SecureRandom random = new SecureRandom();

	private final Set<String> sessions = Collections
		.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > MAX_SESSIONS;
			}

		}));

	/** Sessions issued to sockets not yet told them, by socket id. */
	private final Map<String, String> issued = new ConcurrentHashMap<>();

	boolean exists(String sessionId) {
		return sessionId != null && this.sessions.contains(sessionId);
	}

	/**
	 * Open a session for a socket that logged in; it is told once connected.
	 * @param socketId the socket id
	 */
	void issue(String socketId) {
		byte[] bytes = new byte[8];
		this.random.nextBytes(bytes);
		String sessionId = HexFormat.of().formatHex(bytes);
		this.sessions.add(sessionId);
		this.issued.put(socketId, sessionId);
	}

	/**
	 * Take the session issued to a socket.
	 * @param socketId the socket id
	 * @return the session id, or {@code null} when none was issued
	 */
	String takeIssued(String socketId) {
		return this.issued.remove(socketId);
	}

}
