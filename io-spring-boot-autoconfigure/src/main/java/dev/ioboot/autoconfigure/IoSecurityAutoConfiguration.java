package dev.ioboot.autoconfigure;

import java.util.List;


import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.ioboot.security.AccessDeniedAdvice;
import dev.ioboot.security.ApiTokenIoAuthenticator;
import dev.ioboot.security.AuthenticationArgumentResolver;
import dev.ioboot.security.IoAuthenticator;
import dev.ioboot.security.JwtIoAuthenticator;
import dev.ioboot.security.SecurityContextHandlerDecorator;
import dev.ioboot.security.StrategyPrincipalResolver;
import dev.ioboot.server.IoPrincipalResolver;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of client authentication at CONNECT: the {@code jwt} strategy over the application's
 * {@link JwtDecoder}, the {@code api-token} strategy over {@code io.security.api-tokens},
 * and any {@link IoAuthenticator} beans of the application.
 */
@AutoConfiguration(before = IoAutoConfiguration.class,
		afterName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass(name = IoAutoConfiguration.NETTY_SOCKETIO)
@ConditionalOnBooleanProperty(name = "io.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IoSecurityProperties.class)
public final class IoSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(IoPrincipalResolver.class)
	StrategyPrincipalResolver ioPrincipalResolver(IoSecurityProperties properties,
			ObjectProvider<IoAuthenticator> authenticators) {
		return new StrategyPrincipalResolver(authenticators.orderedStream().toList(),
				properties.isRequireAuthentication());
	}

	@Bean
	@ConditionalOnMissingBean
	ApiTokenIoAuthenticator apiTokenIoAuthenticator(IoSecurityProperties properties) {
		List<ApiTokenIoAuthenticator.ApiToken> tokens = properties.getApiTokens()
			.stream()
			.map((token) -> (token.getTokenSha256() != null && !token.getTokenSha256().isBlank())
					? ApiTokenIoAuthenticator.ApiToken.ofHash(token.getName(), token.getTokenSha256())
					: new ApiTokenIoAuthenticator.ApiToken(token.getName(),
							ApiTokenIoAuthenticator.sha256(token.getToken())))
			.toList();
		return new ApiTokenIoAuthenticator(tokens);
	}

	/**
	 * Spring Security in handlers: the socket's authentication in the
	 * {@code SecurityContextHolder}, as an {@code Authentication} parameter, and refusals of
	 * method security answered {@code Forbidden}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SecurityContextHolder.class)
	static class HandlerSecurityConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SecurityContextHandlerDecorator ioSecurityContextHandlerDecorator() {
			return new SecurityContextHandlerDecorator();
		}

		@Bean
		@ConditionalOnMissingBean
		AuthenticationArgumentResolver ioAuthenticationArgumentResolver() {
			return new AuthenticationArgumentResolver();
		}

		@Bean
		@ConditionalOnMissingBean
		AccessDeniedAdvice ioAccessDeniedAdvice() {
			return new AccessDeniedAdvice();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JwtDecoder.class)
	static class JwtAuthenticatorConfiguration {

		@Bean
		@ConditionalOnBean(JwtDecoder.class)
		@ConditionalOnMissingBean
		JwtIoAuthenticator jwtIoAuthenticator(JwtDecoder decoder, IoSecurityProperties properties) {
			return new JwtIoAuthenticator(decoder, properties.getJwt().getRolesClaim());
		}

	}

}
