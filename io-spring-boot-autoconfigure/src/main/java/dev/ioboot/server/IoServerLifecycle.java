package dev.ioboot.server;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;

import dev.ioboot.IoContext;
import dev.ioboot.hook.IoInitHook;

/**
 * Runs the {@link IoServer} with the application context: once the context is refreshed it
 * calls the {@link IoInitHook init hooks} in order, binds, and publishes an
 * {@link IoServerStartedEvent}; on close it stops gracefully within the grace period.
 */
public class IoServerLifecycle implements SmartLifecycle, ApplicationEventPublisherAware {

	/** The lifecycle phase: started late and stopped early, like Spring Boot's web servers. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private static final Log logger = LogFactory.getLog(IoServerLifecycle.class);

	private final IoServer server;

	private final Supplier<List<IoInitHook>> hooks;

	private final Supplier<IoContext> context;

	private final Duration gracePeriod;

	private boolean hooksCalled;

	private ApplicationEventPublisher publisher;

	/**
	 * Create a lifecycle.
	 * @param server the server
	 * @param hooks the init hooks, in order
	 * @param context the context handed to hooks
	 * @param gracePeriod the time given to handlers and clients on stop
	 */
	public IoServerLifecycle(IoServer server, Supplier<List<IoInitHook>> hooks, Supplier<IoContext> context,
			Duration gracePeriod) {
		this.server = server;
		this.hooks = hooks;
		this.context = context;
		this.gracePeriod = gracePeriod;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void start() {
		if (!this.hooksCalled) {
			this.hooksCalled = true;
			IoContext ctx = this.context.get();
			for (IoInitHook hook : this.hooks.get()) {
				try {
					hook.init(ctx);
				}
				catch (Exception ex) {
					throw new IllegalStateException("Socket.IO init hook " + hook.getClass().getName() + " failed: "
							+ ex.getMessage(), ex);
				}
			}
		}
		this.server.start();
		logger.info("Socket.IO server listening on port " + this.server.port() + " (namespaces "
				+ this.server.namespaces() + ")");
		if (this.publisher != null) {
			this.publisher.publishEvent(new IoServerStartedEvent(this.server));
		}
	}

	@Override
	public void stop() {
		this.server.stop(this.gracePeriod);
	}

	@Override
	public boolean isRunning() {
		return this.server.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
