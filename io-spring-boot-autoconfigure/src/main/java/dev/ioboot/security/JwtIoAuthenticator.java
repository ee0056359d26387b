package dev.ioboot.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import dev.ioboot.IoHandshake;
import dev.ioboot.IoPrincipal;

/**
 * The {@code jwt} strategy: verifies the token with the application's Spring Security
 * {@link JwtDecoder} and takes the roles from one claim.
 */
public final class JwtIoAuthenticator implements IoAuthenticator, StarterAuthenticator {

	/**
	 * The strategy name.
	 */
	public static final String STRATEGY = "jwt";

	private final JwtDecoder decoder;

	private final String rolesClaim;

	/**
	 * Create an authenticator.
	 * @param decoder the decoder that verifies tokens
	 * @param rolesClaim the claim holding the role names, a list or a space- or
	 * comma-separated string
	 */
	public JwtIoAuthenticator(JwtDecoder decoder, String rolesClaim) {
		this.decoder = decoder;
		this.rolesClaim = rolesClaim;
	}

	@Override
	public String strategy() {
		return STRATEGY;
	}

	@Override
	public IoPrincipal authenticate(IoHandshake handshake) {
		String token = AuthPayload.of(handshake.auth()).requireToken();
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token);
		}
		catch (JwtValidationException ex) {
			throw new IoAuthenticationException(expired(ex) ? IoAuthenticationException.TOKEN_EXPIRED
					: IoAuthenticationException.INVALID_CREDENTIALS, ex);
		}
		catch (JwtException ex) {
			throw new IoAuthenticationException(IoAuthenticationException.INVALID_CREDENTIALS, ex);
		}
		return IoPrincipal.user(STRATEGY, jwt.getSubject(), roles(jwt), jwt.getClaims());
	}

	private static boolean expired(JwtValidationException ex) {
		return ex.getErrors().stream().anyMatch((error) -> error.getDescription() != null
				&& error.getDescription().toLowerCase(Locale.ROOT).contains("expired"));
	}

	private Set<String> roles(Jwt jwt) {
		Object claim = jwt.getClaims().get(this.rolesClaim);
		Set<String> roles = new LinkedHashSet<>();
		if (claim instanceof Collection<?> values) {
			values.forEach((value) -> roles.add(String.valueOf(value)));
		}
		else if (claim instanceof String value) {
			for (String role : value.split("[\\s,]+")) {
				if (!role.isEmpty()) {
					roles.add(role);
				}
			}
		}
		return roles;
	}

}
