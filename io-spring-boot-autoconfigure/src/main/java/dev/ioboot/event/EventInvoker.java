package dev.ioboot.event;

/**
 * Calls one handler for one event: an {@link IoEvent} method or an {@link IoEventHandler}
 * bean. Both go through the same dispatch: acknowledgement, decorators, exception handlers.
 */
interface EventInvoker {

	/**
	 * Call the handler.
	 * @param message the event
	 * @return what the handler returned
	 * @throws Exception what the handler threw
	 */
	Object invoke(IoEventMessage message) throws Exception;

	/**
	 * Return whether the return value is the acknowledgement.
	 * @return {@code false} when the handler acknowledges only through {@link IoAck}
	 */
	boolean acksWithReturnValue();

	/**
	 * Return whether the handler declared that it never blocks ({@link IoEvent#nonBlocking()}).
	 * @return whether it may run on a network thread
	 */
	boolean nonBlocking();

	/**
	 * Return the bean, whose own {@link IoExceptionHandler} methods come first.
	 * @return the bean
	 */
	Object bean();

	/**
	 * Describe the handler for messages: the bean and the method.
	 * @return the description
	 */
	String description();

}
