package dev.ioboot.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.ioboot.IoHandshake;
import dev.ioboot.IoPrincipal;

/**
 * The {@code api-token} strategy: compares the token's SHA-256 hash, in constant time,
 * with every configured token's hash. The socket joins {@code io-token-<name>}.
 */
public final class ApiTokenIoAuthenticator implements IoAuthenticator, StarterAuthenticator {

	/**
	 * The strategy name.
	 */
	public static final String STRATEGY = "api-token";

	private final List<ApiToken> tokens;

	/**
	 * Create an authenticator.
	 * @param tokens the tokens clients may present
	 */
	public ApiTokenIoAuthenticator(List<ApiToken> tokens) {
		this.tokens = List.copyOf(tokens);
	}

	@Override
	public String strategy() {
		return STRATEGY;
	}

	@Override
	public IoPrincipal authenticate(IoHandshake handshake) {
		byte[] presented = sha256(AuthPayload.of(handshake.auth()).requireToken());
		ApiToken match = null;
		for (ApiToken token : this.tokens) {
			// every hash is compared, so the time taken does not depend on which one matches
			if (MessageDigest.isEqual(presented, token.sha256()) && match == null) {
				match = token;
			}
		}
		if (match == null) {
			throw new IoAuthenticationException(IoAuthenticationException.INVALID_CREDENTIALS);
		}
		return IoPrincipal.token(STRATEGY, match.name());
	}

	/**
	 * Return the SHA-256 hash of a token.
	 * @param token the token
	 * @return the hash
	 */
	public static byte[] sha256(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * A configured API token.
	 *
	 * @param name the token's name, which names its room
	 * @param sha256 the SHA-256 hash of the token
	 */
	public record ApiToken(String name, byte[] sha256) {

		/**
		 * Create a token from the hex form of its hash.
		 * @param name the name
		 * @param sha256Hex the hash, 64 hex digits
		 * @return the token
		 */
		public static ApiToken ofHash(String name, String sha256Hex) {
			return new ApiToken(name, HexFormat.of().parseHex(sha256Hex));
		}

	}

}
