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
	 * Prepare what the server needs before clients arrive, for example load state that
	 * handlers read, or emit through {@code ctx.io()} to other nodes. What the server is made
	 * of (adapter, namespaces, middlewares) is decided by beans and {@code io.*} properties
	 * before hooks run.
	 * @param ctx the application and the Socket.IO facade
	 * @throws Exception to fail startup
	 */
	void init(IoContext ctx) throws Exception;

}
