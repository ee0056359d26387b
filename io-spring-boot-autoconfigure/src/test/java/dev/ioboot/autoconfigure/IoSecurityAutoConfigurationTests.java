package dev.ioboot.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.ioboot.IoConnectException;
import dev.ioboot.IoHandshake;
import dev.ioboot.IoPrincipal;
import dev.ioboot.security.ApiTokenIoAuthenticator;
import dev.ioboot.security.IoAuthenticator;
import dev.ioboot.security.JwtIoAuthenticator;
import dev.ioboot.security.StrategyPrincipalResolver;
import dev.ioboot.server.IoPrincipalResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link IoSecurityAutoConfiguration}.
 */
class IoSecurityAutoConfigurationTests {

	private static final JwtDecoder DECODER = NimbusJwtDecoder
		.withSecretKey(new SecretKeySpec("a-secret-of-at-least-thirty-two-bytes!!".getBytes(), "HmacSHA256"))
		.build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IoSecurityAutoConfiguration.class, IoAutoConfiguration.class))
		.withPropertyValues("io.socket.server-options.port=0");

	@Test
	void withoutJwtDecoderOnlyApiTokensAreKnown() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(StrategyPrincipalResolver.class)
				.hasSingleBean(ApiTokenIoAuthenticator.class)
				.doesNotHaveBean(JwtIoAuthenticator.class);
			assertThat(context.getBean(StrategyPrincipalResolver.class).strategies()).containsExactly("api-token");
			assertThat(resolve(context.getBean(IoPrincipalResolver.class), Map.of())).isEqualTo(IoPrincipal.anonymous());
		});
	}

	@Test
	void jwtStrategyUsesTheApplicationsDecoder() {
		this.runner.withBean(JwtDecoder.class, () -> DECODER).run((context) -> {
			assertThat(context).hasSingleBean(JwtIoAuthenticator.class);
			assertThat(context.getBean(StrategyPrincipalResolver.class).strategies())
				.containsExactlyInAnyOrder("jwt", "api-token");
		});
	}

	@Test
	void backsOffWithoutSpringSecurity() {
		this.runner.withClassLoader(new FilteredClassLoader(JwtDecoder.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JwtIoAuthenticator.class));
	}

	@Test
	void applicationAuthenticatorReplacesTheStartersForItsStrategy() {
		IoAuthenticator custom = new IoAuthenticator() {

			@Override
			public String strategy() {
				return "jwt";
			}

			@Override
			public IoPrincipal authenticate(IoHandshake handshake) {
				return IoPrincipal.user("jwt", "custom", Set.of("auditor"), Map.of());
			}

		};
		this.runner.withBean(JwtDecoder.class, () -> DECODER).withBean(IoAuthenticator.class, () -> custom).run((context) -> {
			IoPrincipal principal = resolve(context.getBean(IoPrincipalResolver.class), Map.of("token", "anything"));
			assertThat(principal.name()).isEqualTo("custom");
			assertThat(principal.rooms()).containsExactly("io-role-auditor", "io-user-custom", "io-authenticated");
		});
	}

	@Test
	void applicationResolverReplacesTheStarters() {
		IoPrincipalResolver mine = (handshake) -> IoPrincipal.token("mine", "t");
		this.runner.withBean(IoPrincipalResolver.class, () -> mine)
			.run((context) -> assertThat(context.getBean(IoPrincipalResolver.class)).isSameAs(mine));
	}

	@Test
	void apiTokensMatchByHashAndRequireAuthenticationRefusesAnonymous() {
		this.runner
			.withPropertyValues("io.security.require-authentication=true", "io.security.api-tokens[0].name=ops",
					"io.security.api-tokens[0].token-sha256="
							+ java.util.HexFormat.of().formatHex(ApiTokenIoAuthenticator.sha256("s3cret")),
					"io.security.api-tokens[1].name=dev", "io.security.api-tokens[1].token=plain")
			.run((context) -> {
				IoPrincipalResolver resolver = context.getBean(IoPrincipalResolver.class);
				assertThat(resolve(resolver, Map.of("strategy", "api-token", "token", "s3cret")).rooms())
					.containsExactly("io-token-ops");
				assertThat(resolve(resolver, Map.of("strategy", "api-token", "token", "plain")).rooms())
					.containsExactly("io-token-dev");
				assertThatExceptionOfType(IoConnectException.class)
					.isThrownBy(() -> resolve(resolver, Map.of("strategy", "api-token", "token", "S3cret")))
					.withMessage("Invalid credentials");
				assertThatExceptionOfType(IoConnectException.class).isThrownBy(() -> resolve(resolver, Map.of()))
					.withMessage("Authentication required");
			});
	}

	@Test
	void invalidTokenConfigurationFailsStartupNamingTheKey() {
		this.runner.withPropertyValues("io.security.api-tokens[0].name=ops", "io.security.api-tokens[0].token-sha256=abc")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("io.security.api-tokens[0].token-sha256 must be 64 hex digits"));
		this.runner.withPropertyValues("io.security.api-tokens[0].name=ops")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("io.security.api-tokens[0] needs exactly one of token-sha256 and token"));
	}

	private static IoPrincipal resolve(IoPrincipalResolver resolver, Map<String, Object> auth) {
		return resolver.resolve(new IoHandshake(Map.of(), Map.of(), auth, "127.0.0.1", "/socket.io/",
				java.time.Instant.now(), false));
	}


}
