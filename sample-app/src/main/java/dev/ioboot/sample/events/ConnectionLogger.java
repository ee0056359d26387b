package dev.ioboot.sample.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ioboot.IoContext;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventHandler;
import org.springframework.stereotype.Component;

/**
 * Logs every socket that connects to the default namespace. The bean style: one class per event,
 * like an entry of the Strapi plugin's {@code events} array with {@code name: 'connection'}.
 */
@Component
@IoEvent(IoEvent.CONNECTION)
public class ConnectionLogger implements IoEventHandler {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionLogger.class);

	@Override
	public Object handle(IoContext ctx, IoSocket socket, Object... args) {
		logger.info("[io] a new client with id {} has connected", socket.id());
		return null;
	}

}
