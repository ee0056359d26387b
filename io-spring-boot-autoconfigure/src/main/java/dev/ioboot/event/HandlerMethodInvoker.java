package dev.ioboot.event;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.context.ApplicationContext;
import org.springframework.util.ReflectionUtils;

import dev.ioboot.Io;
import dev.ioboot.IoContext;
import dev.ioboot.IoSocket;

/**
 * Calls an {@link IoEvent} method, resolving each parameter once at startup: the socket, the
 * context, the acknowledgement, the {@link Io} facade or the application context by type;
 * every other parameter takes the next event argument converted by Jackson; a last
 * {@code Object...} takes the remaining arguments.
 */
final class HandlerMethodInvoker implements EventInvoker {

	private final String beanName;

	private final Object bean;

	private final Method method;

	private final ParameterResolver[] resolvers;

	HandlerMethodInvoker(String beanName, Object bean, Method method, ObjectMapper mapper) {
		this.beanName = beanName;
		this.bean = bean;
		this.method = method;
		ReflectionUtils.makeAccessible(method);
		Parameter[] parameters = method.getParameters();
		this.resolvers = new ParameterResolver[parameters.length];
		int payloadIndex = 0;
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			Class<?> type = parameter.getType();
			if (type == IoSocket.class) {
				this.resolvers[i] = (ctx, socket, args, ack) -> socket;
			}
			else if (type == IoContext.class) {
				this.resolvers[i] = (ctx, socket, args, ack) -> ctx;
			}
			else if (type == IoAck.class) {
				this.resolvers[i] = (ctx, socket, args, ack) -> ack;
			}
			else if (type == Io.class) {
				this.resolvers[i] = (ctx, socket, args, ack) -> ctx.io();
			}
			else if (type == ApplicationContext.class) {
				this.resolvers[i] = (ctx, socket, args, ack) -> ctx.applicationContext();
			}
			else if (i == parameters.length - 1 && type == Object[].class) {
				int from = payloadIndex;
				this.resolvers[i] = (ctx, socket, args, ack) -> (from < args.size())
						? args.subList(from, args.size()).toArray() : new Object[0];
			}
			else {
				this.resolvers[i] = payload(mapper, parameter, payloadIndex++, i);
			}
		}
	}

	private ParameterResolver payload(ObjectMapper mapper, Parameter parameter, int index, int position) {
		JavaType type = mapper.constructType(parameter.getParameterizedType());
		if (type.isTypeOrSubTypeOf(Object[].class) && type.getRawClass() == Object[].class) {
			throw new IllegalStateException(
					"Only the last parameter of " + description() + " may be Object... (parameter " + position + ")");
		}
		if (!mapper.canDeserialize(type) || !isConcreteEnough(type.getRawClass())) {
			throw new IllegalStateException("Cannot resolve parameter " + position + " (" + type
					+ ") of " + description() + ": Jackson cannot create it from an event argument");
		}
		Class<?> raw = parameter.getType();
		return (ctx, socket, args, ack) -> {
			Object value = (index < args.size()) ? args.get(index) : null;
			if (value == null) {
				if (raw.isPrimitive()) {
					throw new IllegalArgumentException(
							"Missing argument " + (index + 1) + " (" + raw.getName() + ")");
				}
				return null;
			}
			if (raw.isInstance(value) && !(value instanceof java.util.Collection<?>)
					&& !(value instanceof java.util.Map<?, ?>)) {
				return value;
			}
			try {
				return mapper.convertValue(value, type);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Argument " + (index + 1) + " is not a valid "
						+ raw.getSimpleName() + ": " + reason(ex), ex);
			}
		};
	}

	private static boolean isConcreteEnough(Class<?> type) {
		if (type.isPrimitive() || type.isArray() || type.isEnum()
				|| !(type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers()))) {
			return true;
		}
		return java.util.Collection.class.isAssignableFrom(type) || java.util.Map.class.isAssignableFrom(type)
				|| type == Number.class || type == CharSequence.class || type == Iterable.class
				|| com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(type)
				|| type.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonTypeInfo.class)
				|| type.isAnnotationPresent(com.fasterxml.jackson.databind.annotation.JsonDeserialize.class);
	}

	private static String reason(IllegalArgumentException ex) {
		return (ex.getCause() instanceof JsonProcessingException json) ? json.getOriginalMessage() : ex.getMessage();
	}

	@Override
	public Object invoke(IoContext ctx, IoSocket socket, List<Object> args, IoAck ack) throws Exception {
		Object[] values = new Object[this.resolvers.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = this.resolvers[i].resolve(ctx, socket, args, ack);
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

	boolean returnsVoid() {
		return this.method.getReturnType() == void.class;
	}

	@Override
	public String description() {
		return "bean '" + this.beanName + "' method " + this.method.getDeclaringClass().getName() + "."
				+ this.method.getName() + "()";
	}

	@FunctionalInterface
	private interface ParameterResolver {

		Object resolve(IoContext ctx, IoSocket socket, List<Object> args, IoAck ack);

	}

}
