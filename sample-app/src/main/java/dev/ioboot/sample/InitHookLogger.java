package dev.ioboot.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ioboot.IoContext;
import dev.ioboot.hook.IoInitHook;
import org.springframework.stereotype.Component;

/**
 * Called once, when the socket server exists but does not accept connections yet: the place to
 * tune {@code ctx.io().server()}, like the Strapi plugin's {@code hooks.init}.
 */
@Component
public class InitHookLogger implements IoInitHook {

	private static final Logger logger = LoggerFactory.getLogger(InitHookLogger.class);

	@Override
	public void init(IoContext ctx) {
		logger.info("[io] init hook called");
	}

}
