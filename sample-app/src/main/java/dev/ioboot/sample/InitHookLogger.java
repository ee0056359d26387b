package dev.ioboot.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ioboot.IoContext;
import dev.ioboot.hook.IoInitHook;
import org.springframework.stereotype.Component;

/**
 * Called once, when the socket server exists but does not accept connections yet, like the
 * Strapi plugin's {@code hooks.init}: the place to prepare what handlers need, with the
 * application ({@code ctx.applicationContext()}) and the facade ({@code ctx.io()}) at hand.
 */
@Component
public class InitHookLogger implements IoInitHook {

	private static final Logger logger = LoggerFactory.getLogger(InitHookLogger.class);

	@Override
	public void init(IoContext ctx) {
		logger.info("[io] init hook called");
	}

}
