package dev.ioboot.event;

import org.springframework.core.MethodParameter;

/**
 * Resolves parameters of {@link IoEvent} and {@link IoExceptionHandler} methods, the
 * counterpart of spring-messaging's {@code HandlerMethodArgumentResolver}. Beans of this type
 * are asked, in {@link org.springframework.core.annotation.Order order}, after the starter's
 * own resolvers (socket, principal, handshake, acknowledgement) and before event arguments:
 * the first that supports a parameter is chosen once, at startup.
 */
public interface IoArgumentResolver {

	/**
	 * Return whether this resolver supplies the parameter.
	 * @param parameter the parameter
	 * @return {@code true} to resolve it for every event
	 */
	boolean supportsParameter(MethodParameter parameter);

	/**
	 * Resolve the parameter for one event.
	 * @param parameter the parameter
	 * @param message the event
	 * @return the value, possibly {@code null}
	 * @throws Exception if it cannot be resolved; handled like the handler's own exception
	 */
	Object resolveArgument(MethodParameter parameter, IoEventMessage message) throws Exception;

}
