package dev.ioboot.event;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@link IoExceptionHandler} method of the application: those of each handler bean,
 * then those of the {@link IoControllerAdvice} beans, in order.
 */
final class IoExceptionHandlers {

	private final Map<Object, ExceptionHandlerMethods> local = new IdentityHashMap<>();

	private final List<ExceptionHandlerMethods> advice = new ArrayList<>();

	synchronized void addLocal(Object bean, ExceptionHandlerMethods methods) {
		if (!methods.isEmpty()) {
			this.local.put(bean, methods);
		}
	}

	synchronized void addAdvice(ExceptionHandlerMethods methods) {
		if (!methods.isEmpty()) {
			this.advice.add(methods);
		}
	}

	/**
	 * Find the method handling an exception of a handler.
	 * @param bean the handler bean
	 * @param failure the exception
	 * @return the method, or {@code null} when none claims it
	 */
	synchronized InvocableMethod find(Object bean, Throwable failure) {
		ExceptionHandlerMethods own = this.local.get(bean);
		InvocableMethod found = (own != null) ? own.find(failure) : null;
		for (int i = 0; found == null && i < this.advice.size(); i++) {
			found = this.advice.get(i).find(failure);
		}
		return found;
	}

}
