package dev.ioboot.event;

/**
 * Calls an {@link IoEvent} method.
 */
final class HandlerMethodInvoker implements EventInvoker {

	private final InvocableMethod method;

	private final boolean nonBlocking;

	HandlerMethodInvoker(InvocableMethod method, boolean nonBlocking) {
		this.method = method;
		this.nonBlocking = nonBlocking;
	}

	@Override
	public Object invoke(IoEventMessage message) throws Exception {
		return this.method.invoke(message, null);
	}

	@Override
	public boolean acksWithReturnValue() {
		return this.method.acksWithReturnValue();
	}

	@Override
	public boolean nonBlocking() {
		return this.nonBlocking;
	}

	@Override
	public Object bean() {
		return this.method.bean();
	}

	@Override
	public String description() {
		return this.method.description();
	}

}
