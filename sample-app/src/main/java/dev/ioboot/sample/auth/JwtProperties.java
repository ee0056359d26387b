package dev.ioboot.sample.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * The tokens issued by {@code POST /api/auth/local}, bound from {@code sample.jwt.*}.
 *
 * @param secret the HS256 key, at least 32 bytes in UTF-8
 * @param validity how long a token is valid after it is issued
 * @param clockSkew the tolerance when checking a token's expiry; none by default, as the
 * application both issues and checks its tokens
 */
@ConfigurationProperties("sample.jwt")
public record JwtProperties(String secret, @DefaultValue("1h") Duration validity,
		@DefaultValue("0s") Duration clockSkew) {

	public JwtProperties {
		Assert.isTrue(secret != null && secret.getBytes(StandardCharsets.UTF_8).length >= 32,
				"sample.jwt.secret must be at least 32 bytes long (HS256)");
		Assert.isTrue(!validity.isNegative() && !validity.isZero(), "sample.jwt.validity must be positive");
		Assert.isTrue(!clockSkew.isNegative(), "sample.jwt.clock-skew must not be negative");
	}

}
