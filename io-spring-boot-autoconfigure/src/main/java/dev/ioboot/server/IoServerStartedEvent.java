package dev.ioboot.server;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the {@link IoServer} is listening, after the
 * {@link dev.ioboot.hook.IoInitHook init hooks} ran: the counterpart of Spring Boot's
 * {@code WebServerInitializedEvent}. Useful to learn the port when it is configured as 0.
 */
public class IoServerStartedEvent extends ApplicationEvent {

	/**
	 * Create an event.
	 * @param server the server that started
	 */
	public IoServerStartedEvent(IoServer server) {
		super(server);
	}

	/**
	 * Return the server that started.
	 * @return the server
	 */
	public IoServer getServer() {
		return (IoServer) getSource();
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int getPort() {
		return getServer().port();
	}

}
