package dev.ioboot.event;

import java.util.function.Supplier;

import dev.ioboot.IoContext;

/**
 * Calls an {@link IoEventHandler} bean; its return value, {@code null} included, is the
 * acknowledgement.
 */
final class HandlerBeanInvoker implements EventInvoker {

	private final String beanName;

	private final IoEventHandler handler;

	private final Supplier<IoContext> context;

	private final boolean nonBlocking;

	HandlerBeanInvoker(String beanName, IoEventHandler handler, Supplier<IoContext> context, boolean nonBlocking) {
		this.beanName = beanName;
		this.handler = handler;
		this.context = context;
		this.nonBlocking = nonBlocking;
	}

	@Override
	public Object invoke(IoEventMessage message) throws Exception {
		return this.handler.handle(this.context.get(), message.socket(), message.args().toArray());
	}

	@Override
	public boolean acksWithReturnValue() {
		return true;
	}

	@Override
	public boolean nonBlocking() {
		return this.nonBlocking;
	}

	@Override
	public Object bean() {
		return this.handler;
	}

	@Override
	public String description() {
		return "bean '" + this.beanName + "' (" + this.handler.getClass().getName() + ".handle)";
	}

}
