package dev.ioboot.security;

import java.util.Map;

/**
 * The strategy and token of a CONNECT {@code auth} payload.
 *
 * @param strategy the strategy; {@code jwt} when the client sent a token only
 * @param token the token, or {@code null}
 */
record AuthPayload(String strategy, String token) {

	static final String DEFAULT_STRATEGY = "jwt";

	static AuthPayload of(Map<String, Object> auth) {
		Object strategy = auth.get("strategy");
		Object token = auth.get("token");
		return new AuthPayload((strategy instanceof String s && !s.isBlank()) ? s : DEFAULT_STRATEGY,
				(token instanceof String t && !t.isEmpty()) ? t : null);
	}

	/**
	 * Return whether the client sent credentials at all.
	 * @param auth the CONNECT payload
	 * @return {@code false} when it names neither a strategy nor a token
	 */
	static boolean present(Map<String, Object> auth) {
		return auth.get("strategy") != null || auth.get("token") != null;
	}

	/**
	 * Return the token, or refuse the client when it sent none.
	 * @return the token
	 * @throws IoAuthenticationException without a token
	 */
	String requireToken() {
		if (this.token == null) {
			throw new IoAuthenticationException(IoAuthenticationException.INVALID_CREDENTIALS);
		}
		return this.token;
	}

}
