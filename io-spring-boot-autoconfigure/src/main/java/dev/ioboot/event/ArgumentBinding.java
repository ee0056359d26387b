package dev.ioboot.event;

/**
 * How one parameter of a handler or exception handler method gets its value, chosen once
 * when the method is registered.
 */
@FunctionalInterface
interface ArgumentBinding {

	/**
	 * Return the value for one call.
	 * @param message the event
	 * @param failure the exception being handled, or {@code null} for an event handler
	 * @return the value
	 * @throws Exception if it cannot be resolved
	 */
	Object resolve(IoEventMessage message, Throwable failure) throws Exception;

}
