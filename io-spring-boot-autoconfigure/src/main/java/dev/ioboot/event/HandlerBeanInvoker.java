package dev.ioboot.event;

import java.util.List;

import dev.ioboot.IoContext;
import dev.ioboot.IoSocket;

/**
 * Calls an {@link IoEventHandler} bean.
 */
final class HandlerBeanInvoker implements EventInvoker {

	private final String beanName;

	private final IoEventHandler handler;

	HandlerBeanInvoker(String beanName, IoEventHandler handler) {
		this.beanName = beanName;
		this.handler = handler;
	}

	@Override
	public Object invoke(IoContext ctx, IoSocket socket, List<Object> args, IoAck ack) throws Exception {
		return this.handler.handle(ctx, socket, args.toArray());
	}

	@Override
	public String description() {
		return "bean '" + this.beanName + "' (" + this.handler.getClass().getName() + ".handle)";
	}

}
