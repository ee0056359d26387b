package dev.ioboot.event;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.springframework.util.ReflectionUtils;

/**
 * A bean method with its parameters bound: an {@link IoEvent} handler or an
 * {@link IoExceptionHandler}.
 */
final class InvocableMethod {

	private final String description;

	private final Object bean;

	private final Method method;

	private final ArgumentBinding[] bindings;

	InvocableMethod(String description, Object bean, Method method, ArgumentBinding[] bindings) {
		this.description = description;
		this.bean = bean;
		this.method = method;
		this.bindings = bindings;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Call the method.
	 * @param message the event
	 * @param failure the exception handled, or {@code null}
	 * @return what the method returned
	 * @throws Exception what resolving a parameter or the method threw
	 */
	Object invoke(IoEventMessage message, Throwable failure) throws Exception {
		Object[] values = new Object[this.bindings.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = this.bindings[i].resolve(message, failure);
		}
		try {
			return this.method.invoke(this.bean, values);
		}
		catch (InvocationTargetException ex) {
			Throwable target = ex.getTargetException();
			if (target instanceof Exception exception) {
				throw exception;
			}
			throw (Error) target;
		}
	}

	/**
	 * Return whether the return value is the acknowledgement.
	 * @return {@code false} for a {@code void} method, which acknowledges only through
	 * {@link IoAck}
	 */
	boolean acksWithReturnValue() {
		return this.method.getReturnType() != void.class;
	}

	Object bean() {
		return this.bean;
	}

	Method method() {
		return this.method;
	}

	String description() {
		return this.description;
	}

	/**
	 * Describe a handler method for messages.
	 * @param beanName the bean name
	 * @param type the bean's class
	 * @param method the method
	 * @return such as {@code bean 'chat' method com.example.Chat.send()}
	 */
	static String describe(String beanName, Class<?> type, Method method) {
		return "bean '" + beanName + "' method " + type.getName() + "." + method.getName() + "()";
	}

}
