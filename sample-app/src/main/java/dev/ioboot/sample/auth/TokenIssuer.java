package dev.ioboot.sample.auth;

import java.time.Clock;
import java.time.Instant;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Issues the HS256 token of an account: {@code sub} is the username, {@code id} the account
 * id, {@code roles} its role names; valid for {@code sample.jwt.validity}.
 */
@Component
public class TokenIssuer {

	private final JwtEncoder encoder;

	private final JwtProperties properties;

	private final Clock clock = Clock.systemUTC();

	public TokenIssuer(JwtEncoder encoder, JwtProperties properties) {
		this.encoder = encoder;
		this.properties = properties;
	}

	/**
	 * Issue a token.
	 * @param account the account that logged in
	 * @return the encoded token
	 */
	public String issue(Account account) {
		Instant now = this.clock.instant();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(account.username())
			.issuedAt(now)
			.expiresAt(now.plus(this.properties.validity()))
			.claim("id", account.id())
			.claim("roles", account.roles())
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

}
