package dev.ioboot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.ioboot.Io;
import dev.ioboot.IoDynamicNamespace;
import dev.ioboot.admin.AdminUiAuthenticator;
import dev.ioboot.admin.AdminUiCommands;
import dev.ioboot.admin.AdminUiEventLog;
import dev.ioboot.admin.AdminUiPasswordVerifier;
import dev.ioboot.admin.AdminUiStats;
import dev.ioboot.admin.IoAdminUi;
import dev.ioboot.admin.IoAdminUiOptions;
import dev.ioboot.event.IoAnyListener;
import dev.ioboot.event.IoAnyOutgoingListener;
import dev.ioboot.server.IoServer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the Socket.IO Admin UI instrumentation ({@code io.admin-ui.enabled=true}): the admin
 * namespace, its authentication, the server stats, and in development mode the sockets,
 * rooms and events, as {@code @socket.io/admin-ui}'s {@code instrument(io, options)} gives.
 * Its beans are picked up by {@link IoAutoConfiguration} (dynamic namespace, middleware,
 * listeners), so it runs before it.
 */
@AutoConfiguration(before = IoAutoConfiguration.class)
@ConditionalOnProperty(prefix = "io", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "io.admin-ui", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(IoAdminUiProperties.class)
public final class IoAdminUiAutoConfiguration {

	private static final String BCRYPT = "org.springframework.security.crypto.bcrypt.BCrypt";

	@Bean
	@ConditionalOnMissingBean
	IoAdminUiOptions ioAdminUiOptions(IoAdminUiProperties properties, ResourceLoader resourceLoader) {
		IoAdminUiProperties.Auth auth = properties.getAuth();
		IoAdminUiOptions.Credentials credentials = null;
		if (auth.isEnabled()) {
			if (!StringUtils.hasText(auth.getUsername()) || !StringUtils.hasText(auth.getPasswordHash())) {
				throw new IllegalStateException("io.admin-ui.enabled=true needs io.admin-ui.auth.username and "
						+ "io.admin-ui.auth.password-hash (a bcrypt hash), or io.admin-ui.auth.enabled=false "
						+ "to let anyone use the admin namespace");
			}
			if (!ClassUtils.isPresent(BCRYPT, resourceLoader.getClassLoader())) {
				throw new IllegalStateException("io.admin-ui.auth needs Spring Security's BCrypt: add "
						+ "org.springframework.security:spring-security-crypto to your dependencies");
			}
			try {
				credentials = new IoAdminUiOptions.Credentials(auth.getUsername(), auth.getPasswordHash());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("io.admin-ui.auth.password-hash must be a bcrypt hash "
						+ "($2a$, $2b$ or $2y$, 60 characters)", ex);
			}
		}
		String serverId = StringUtils.hasText(properties.getServerId()) ? properties.getServerId()
				: AdminUiStats.localHostname();
		return new IoAdminUiOptions(properties.getNamespace(), properties.getMode(), properties.isReadOnly(), serverId,
				credentials);
	}

	@Bean
	@ConditionalOnMissingBean
	IoAdminUi ioAdminUi(ObjectProvider<Io> io, IoAdminUiOptions options) {
		return new IoAdminUi(io::getObject, options);
	}

	@Bean
	@ConditionalOnMissingBean(name = "ioAdminUiNamespace")
	IoDynamicNamespace ioAdminUiNamespace(IoAdminUi adminUi) {
		return adminUi.namespace();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "io.admin-ui.auth", name = "enabled", havingValue = "true", matchIfMissing = true)
	AdminUiAuthenticator ioAdminUiAuthenticator(IoAdminUi adminUi) {
		return adminUi.authenticator(AdminUiPasswordVerifier.bcrypt());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "io.admin-ui", name = "read-only", havingValue = "false", matchIfMissing = true)
	AdminUiCommands ioAdminUiCommands(ObjectProvider<Io> io) {
		return new AdminUiCommands(io::getObject);
	}

	@Bean
	@ConditionalOnMissingBean
	AdminUiStats ioAdminUiStats(IoServer ioServer, IoAdminUi adminUi) {
		ioServer.addListener(adminUi);
		AdminUiStats stats = new AdminUiStats(ioServer, adminUi);
		ioServer.addListener(stats);
		return stats;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "io.admin-ui", name = "mode", havingValue = "development")
	static class DevelopmentModeConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AdminUiEventLog ioAdminUiEventLog(IoAdminUi adminUi) {
			return new AdminUiEventLog(adminUi);
		}

		@Bean
		@ConditionalOnMissingBean(name = "ioAdminUiReceivedEvents")
		IoAnyListener ioAdminUiReceivedEvents(AdminUiEventLog log) {
			return log.received();
		}

		@Bean
		@ConditionalOnMissingBean(name = "ioAdminUiSentEvents")
		IoAnyOutgoingListener ioAdminUiSentEvents(AdminUiEventLog log) {
			return log.sent();
		}

	}

}
