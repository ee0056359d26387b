package dev.ioboot.event;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import dev.ioboot.Io;
import dev.ioboot.IoContext;
import dev.ioboot.IoHandshake;
import dev.ioboot.IoPrincipal;
import dev.ioboot.IoSocket;

/**
 * Chooses, once per method, how each parameter is resolved: first from the socket (the
 * socket, its principal as {@link IoPrincipal} or {@link Principal}, its handshake, the
 * acknowledgement, the event, the context, the {@link Io} facade, the application context),
 * then by the application's {@link IoArgumentResolver}s, then, for event handlers only, from
 * the event's arguments: a last {@code Object...} takes the remaining ones, every other
 * parameter the next one, converted by Jackson and validated when it is {@code @Valid} or
 * {@code @Validated}. Nothing the client sends can stand for the socket or its principal.
 */
final class ArgumentBinder {

	private static final Set<Class<?>> SOCKET_TYPES = Set.of(IoSocket.class, IoPrincipal.class, Principal.class,
			IoHandshake.class, IoAck.class, IoEventMessage.class, IoContext.class, Io.class, ApplicationContext.class);

	private final ObjectMapper mapper;

	private final List<IoArgumentResolver> resolvers;

	private final Supplier<IoContext> context;

	private final Supplier<Validator> validator;

	/**
	 * Create a binder.
	 * @param mapper converts event arguments
	 * @param resolvers the application's resolvers, in order
	 * @param context the context handed to handlers
	 * @param validator validates {@code @Valid} parameters; may supply {@code null}
	 */
	ArgumentBinder(ObjectMapper mapper, List<IoArgumentResolver> resolvers, Supplier<IoContext> context,
			Supplier<Validator> validator) {
		this.mapper = mapper;
		this.resolvers = List.copyOf(resolvers);
		this.context = context;
		this.validator = validator;
	}

	/**
	 * Bind the parameters of an event handler method.
	 * @param method the method
	 * @param description the bean and method, for messages
	 * @return one binding per parameter
	 * @throws IllegalStateException if a parameter cannot be resolved
	 */
	ArgumentBinding[] forEvent(Method method, String description) {
		int count = method.getParameterCount();
		ArgumentBinding[] bindings = new ArgumentBinding[count];
		int payloadIndex = 0;
		for (int i = 0; i < count; i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			ArgumentBinding binding = fromSocketOrResolvers(parameter);
			if (binding != null) {
				bindings[i] = binding;
			}
			else if (i == count - 1 && parameter.getParameterType() == Object[].class) {
				int from = payloadIndex;
				bindings[i] = (message, failure) -> (from < message.args().size())
						? message.args().subList(from, message.args().size()).toArray() : new Object[0];
			}
			else {
				bindings[i] = payload(parameter, payloadIndex++, description);
			}
		}
		return bindings;
	}

	/**
	 * Bind the parameters of an exception handler method: the exception, and what comes
	 * from the socket or the application's resolvers.
	 * @param method the method
	 * @param description the bean and method, for messages
	 * @return one binding per parameter
	 * @throws IllegalStateException if a parameter cannot be resolved
	 */
	ArgumentBinding[] forExceptionHandler(Method method, String description) {
		int count = method.getParameterCount();
		ArgumentBinding[] bindings = new ArgumentBinding[count];
		for (int i = 0; i < count; i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			Class<?> type = parameter.getParameterType();
			if (Throwable.class.isAssignableFrom(type)) {
				bindings[i] = (message, failure) -> type.isInstance(failure) ? failure : null;
				continue;
			}
			ArgumentBinding binding = fromSocketOrResolvers(parameter);
			if (binding == null) {
				throw new IllegalStateException("Cannot resolve parameter " + i + " (" + type.getName() + ") of "
						+ description + ": an exception handler takes the exception and what the socket gives "
						+ "(IoSocket, IoPrincipal, Principal, IoHandshake, IoAck, IoEventMessage), not event arguments");
			}
			bindings[i] = binding;
		}
		return bindings;
	}

	private ArgumentBinding fromSocketOrResolvers(MethodParameter parameter) {
		ArgumentBinding builtIn = fromSocket(parameter.getParameterType());
		if (builtIn != null) {
			return builtIn;
		}
		for (IoArgumentResolver resolver : this.resolvers) {
			if (resolver.supportsParameter(parameter)) {
				return (message, failure) -> resolver.resolveArgument(parameter, message);
			}
		}
		return null;
	}

	/**
	 * Whether parameters of a type are supplied by the socket, the event or the context,
	 * never converted from an event argument.
	 * @param type the parameter type
	 * @return whether the binder supplies it
	 */
	static boolean isSuppliedBySocket(Class<?> type) {
		return SOCKET_TYPES.contains(type);
	}

	private ArgumentBinding fromSocket(Class<?> type) {
		if (type == IoSocket.class) {
			return (message, failure) -> message.socket();
		}
		if (type == IoPrincipal.class) {
			return fromPrincipal((principal) -> principal);
		}
		if (type == Principal.class) {
			return fromPrincipal((principal) -> principal.isAuthenticated() ? principal : null);
		}
		if (type == IoHandshake.class) {
			return (message, failure) -> (message.socket() != null) ? message.socket().handshake() : null;
		}
		if (type == IoAck.class) {
			return (message, failure) -> message.ack();
		}
		if (type == IoEventMessage.class) {
			return (message, failure) -> message;
		}
		if (type == IoContext.class) {
			return (message, failure) -> this.context.get();
		}
		if (type == Io.class) {
			return (message, failure) -> this.context.get().io();
		}
		if (type == ApplicationContext.class) {
			return (message, failure) -> this.context.get().applicationContext();
		}
		return null;
	}

	private static ArgumentBinding fromPrincipal(Function<IoPrincipal, Object> value) {
		return (message, failure) -> {
			IoSocket socket = message.socket();
			return value.apply((socket != null) ? socket.principal() : IoPrincipal.anonymous());
		};
	}

	private ArgumentBinding payload(MethodParameter parameter, int index, String description) {
		JavaType type = this.mapper.constructType(parameter.getGenericParameterType());
		int position = parameter.getParameterIndex();
		if (type.getRawClass() == Object[].class) {
			throw new IllegalStateException(
					"Only the last parameter of " + description + " may be Object... (parameter " + position + ")");
		}
		if (!this.mapper.canDeserialize(type) || !isConcreteEnough(type.getRawClass())) {
			throw new IllegalStateException("Cannot resolve parameter " + position + " (" + type + ") of "
					+ description + ": no resolver supports it and Jackson cannot create it from an event argument");
		}
		Object[] validationHints = validationHints(parameter);
		if (validationHints != null && this.validator.get() == null) {
			throw new IllegalStateException("Parameter " + position + " of " + description
					+ " is @Valid or @Validated but there is no Validator: add spring-boot-starter-validation");
		}
		Class<?> raw = parameter.getParameterType();
		String field = "[" + index + "]";
		return (message, failure) -> {
			Object value = convert(message.args(), index, raw, type, field);
			if (validationHints != null && value != null) {
				validate(value, validationHints, field);
			}
			return value;
		};
	}

	private Object convert(List<Object> args, int index, Class<?> raw, JavaType type, String field) {
		Object value = (index < args.size()) ? args.get(index) : null;
		if (value == null) {
			if (raw.isPrimitive()) {
				throw invalid(field, "is required");
			}
			return null;
		}
		if (raw.isInstance(value) && !(value instanceof Collection<?>) && !(value instanceof Map<?, ?>)) {
			return value;
		}
		try {
			return this.mapper.convertValue(value, type);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(field, "cannot be read as " + describe(raw));
		}
	}

	private void validate(Object value, Object[] hints, String field) {
		Validator validator = this.validator.get();
		Errors errors = new BeanPropertyBindingResult(value, field);
		if (hints.length > 0 && validator instanceof SmartValidator smart) {
			smart.validate(value, errors, hints);
		}
		else {
			validator.validate(value, errors);
		}
		if (errors.hasErrors()) {
			List<IoInvalidPayloadException.FieldError> details = new ArrayList<>();
			errors.getFieldErrors()
				.forEach((error) -> details.add(new IoInvalidPayloadException.FieldError(error.getField(),
						String.valueOf(error.getDefaultMessage()))));
			errors.getGlobalErrors()
				.forEach((error) -> details
					.add(new IoInvalidPayloadException.FieldError(field, String.valueOf(error.getDefaultMessage()))));
			throw new IoInvalidPayloadException(details);
		}
	}

	/**
	 * Return the validation groups of a {@code @Valid} or {@code @Validated} parameter (an
	 * empty array for the default group), or {@code null} when it is not validated.
	 */
	private static Object[] validationHints(MethodParameter parameter) {
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			Validated validated = AnnotationUtils.getAnnotation(annotation, Validated.class);
			if (validated != null) {
				return validated.value();
			}
			if (annotation.annotationType().getSimpleName().startsWith("Valid")) {
				return new Object[0];
			}
		}
		return null;
	}

	private static IoInvalidPayloadException invalid(String field, String message) {
		return new IoInvalidPayloadException(List.of(new IoInvalidPayloadException.FieldError(field, message)));
	}

	/**
	 * Describe a parameter type to a client in JSON's words, without Java class names.
	 */
	private static String describe(Class<?> type) {
		if (type == String.class || type == char.class || type == Character.class) {
			return "a string";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "a boolean";
		}
		if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
			return "a number";
		}
		if (type.isEnum()) {
			return "one of the allowed values";
		}
		if (type == byte[].class) {
			return "binary data";
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "an array";
		}
		return "an object of the expected shape";
	}

	private static boolean isConcreteEnough(Class<?> type) {
		if (type.isPrimitive() || type.isArray() || type.isEnum()
				|| !(type.isInterface() || Modifier.isAbstract(type.getModifiers()))) {
			return true;
		}
		return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || type == Number.class
				|| type == CharSequence.class || type == Iterable.class || JsonNode.class.isAssignableFrom(type)
				|| type.isAnnotationPresent(JsonTypeInfo.class) || type.isAnnotationPresent(JsonDeserialize.class);
	}

}
