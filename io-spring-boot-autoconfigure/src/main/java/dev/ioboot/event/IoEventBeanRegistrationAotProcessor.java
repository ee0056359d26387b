package dev.ioboot.event;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Ahead-of-time processing of handler beans: for each {@link IoEvent}, {@link IoServerEvent}
 * and {@link IoExceptionHandler} method, a hint to invoke the method by reflection, and
 * Jackson binding hints for the types converted from event arguments (its parameters, other
 * than those the socket supplies) and for the type acknowledged (its return type, or what a
 * {@code CompletionStage} or {@code Mono} completes with). Registered in
 * {@code META-INF/spring/aot.factories}; nothing runs at run time.
 */
final class IoEventBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	private static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(IoEvent.class, IoServerEvent.class,
			IoExceptionHandler.class);

	private static final String MONO = "reactor.core.publisher.Mono";

	@Override
	public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanType().toClass());
		if (type.getName().startsWith("org.springframework.")) {
			return null;
		}
		Set<Method> methods = handlerMethods(type);
		if (methods.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> registerHints(generationContext.getRuntimeHints().reflection(),
				methods);
	}

	private static Set<Method> handlerMethods(Class<?> type) {
		Set<Method> methods = new LinkedHashSet<>();
		for (Class<? extends Annotation> annotation : ANNOTATIONS) {
			methods.addAll(MethodIntrospector
				.selectMethods(type, (MethodIntrospector.MetadataLookup<Annotation>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, annotation))
				.keySet());
		}
		return methods;
	}

	/**
	 * Register the hints of handler methods.
	 * @param hints the reflection hints to add to
	 * @param methods the methods
	 */
	static void registerHints(ReflectionHints hints, Iterable<Method> methods) {
		BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
		for (Method method : methods) {
			hints.registerMethod(method, ExecutableMode.INVOKE);
			Type[] parameters = method.getGenericParameterTypes();
			for (int i = 0; i < parameters.length; i++) {
				if (isConverted(method.getParameterTypes()[i])) {
					binding.registerReflectionHints(hints, parameters[i]);
				}
			}
			Type acknowledged = acknowledgedType(method);
			if (acknowledged != null) {
				binding.registerReflectionHints(hints, acknowledged);
			}
		}
	}

	/**
	 * Whether Jackson may create a parameter of that type from an event argument, rather
	 * than the socket, the event or the failure handled supplying it.
	 */
	private static boolean isConverted(Class<?> type) {
		return !ArgumentBinder.isSuppliedBySocket(type) && !Principal.class.isAssignableFrom(type)
				&& !Throwable.class.isAssignableFrom(type) && type != Object[].class;
	}

	private static Type acknowledgedType(Method method) {
		ResolvableType type = ResolvableType.forMethodReturnType(method);
		Class<?> raw = type.toClass();
		if (raw == void.class || raw == Void.class) {
			return null;
		}
		if (CompletionStage.class.isAssignableFrom(raw) || raw.getName().equals(MONO)) {
			// CompletableFuture<List<Reply>> as declared, or what a subtype's type variable
			// resolves to
			Type declared = method.getGenericReturnType();
			if (declared instanceof ParameterizedType parameterized
					&& parameterized.getActualTypeArguments().length == 1) {
				return parameterized.getActualTypeArguments()[0];
			}
			ResolvableType completion = raw.getName().equals(MONO) ? type : type.as(CompletionStage.class);
			return completion.getGeneric(0).resolve();
		}
		return type.getType();
	}

}
