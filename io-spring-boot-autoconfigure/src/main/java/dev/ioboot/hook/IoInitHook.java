package dev.ioboot.hook;

import dev.ioboot.IoContext;

/**
 * Called once, after the socket server is constructed and before it accepts connections: the
 * counterpart of the Strapi plugin's {@code hooks.init}. Hook beans are called in
 * {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface IoInitHook {

	/**
	 * Prepare the server, for example install a store factory through
	 * {@code ctx.io().server().getConfiguration()}.
	 * @param ctx the application and the Socket.IO facade
	 * @throws Exception to fail startup
	 */
	void init(IoContext ctx) throws Exception;

}
