package dev.ioboot.security;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import dev.ioboot.IoSocket;
import dev.ioboot.event.IoHandlerDecorator;

/**
 * Puts the socket's {@link IoAuthentications authentication} in Spring Security's
 * {@link SecurityContextHolder} while a handler runs, so that method security
 * ({@code @PreAuthorize}, {@code @Secured}) and {@code SecurityContextHolder} work in
 * handlers as they do in controllers. The thread's own context is restored afterwards.
 */
public class SecurityContextHandlerDecorator implements IoHandlerDecorator {

	private final SecurityContextHolderStrategy holder;

	/**
	 * Create a decorator over the application's holder strategy.
	 */
	public SecurityContextHandlerDecorator() {
		this(SecurityContextHolder.getContextHolderStrategy());
	}

	/**
	 * Create a decorator.
	 * @param holder where handlers find the context
	 */
	public SecurityContextHandlerDecorator(SecurityContextHolderStrategy holder) {
		this.holder = holder;
	}

	@Override
	public Runnable decorate(IoSocket socket, Runnable call) {
		return () -> {
			SecurityContext previous = this.holder.getContext();
			SecurityContext context = this.holder.createEmptyContext();
			context.setAuthentication(IoAuthentications.of(socket));
			this.holder.setContext(context);
			try {
				call.run();
			}
			finally {
				if (previous.getAuthentication() != null) {
					this.holder.setContext(previous);
				}
				else {
					// leave nothing behind on a pooled thread
					this.holder.clearContext();
				}
			}
		};
	}

}
