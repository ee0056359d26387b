package dev.ioboot.server;

import io.netty.bootstrap.ServerBootstrap;

/**
 * Customizes the Netty {@link ServerBootstrap} that binds the Socket.IO server, after the
 * starter has set its options and just before it binds: socket options of the listening
 * socket ({@code option}) and of accepted connections ({@code childOption}), attributes,
 * or a handler of the listening channel. The event loops and the child handler are the
 * starter's. Beans of this type are applied in {@link org.springframework.core.annotation.Order
 * order}.
 */
@FunctionalInterface
public interface IoServerBootstrapCustomizer {

	/**
	 * Customize the bootstrap.
	 * @param bootstrap the bootstrap, with its event loops, channel and child handler set
	 */
	void customize(ServerBootstrap bootstrap);

}
