package dev.ioboot.event;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.ExceptionDepthComparator;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The {@link IoExceptionHandler} methods of one bean, by the exception types they handle.
 */
final class ExceptionHandlerMethods {

	private final Map<Class<? extends Throwable>, InvocableMethod> methods;

	private ExceptionHandlerMethods(Map<Class<? extends Throwable>, InvocableMethod> methods) {
		this.methods = methods;
	}

	/**
	 * Find the exception handler methods of a bean.
	 * @param beanName the bean name
	 * @param bean the bean, a proxy when advised
	 * @param type the bean's target class
	 * @param binder binds their parameters
	 * @return the methods, possibly none
	 * @throws IllegalStateException if a method names no exception, a parameter cannot be
	 * resolved, or two methods handle the same exception
	 */
	static ExceptionHandlerMethods of(String beanName, Object bean, Class<?> type, ArgumentBinder binder) {
		Map<Method, IoExceptionHandler> annotated = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<IoExceptionHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, IoExceptionHandler.class));
		Map<Class<? extends Throwable>, InvocableMethod> methods = new LinkedHashMap<>();
		annotated.forEach((method, annotation) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			String description = InvocableMethod.describe(beanName, type, method);
			InvocableMethod handler = new InvocableMethod(description, bean, invocable,
					binder.forExceptionHandler(invocable, description));
			for (Class<? extends Throwable> exception : exceptionTypes(method, annotation, description)) {
				InvocableMethod existing = methods.putIfAbsent(exception, handler);
				if (existing != null) {
					throw new IllegalStateException("Two @IoExceptionHandler methods for " + exception.getName()
							+ ": " + existing.description() + " and " + description);
				}
			}
		});
		return new ExceptionHandlerMethods(methods);
	}

	@SuppressWarnings("unchecked")
	private static List<Class<? extends Throwable>> exceptionTypes(Method method, IoExceptionHandler annotation,
			String description) {
		List<Class<? extends Throwable>> types = new ArrayList<>(List.of(annotation.value()));
		if (types.isEmpty()) {
			for (Class<?> parameter : method.getParameterTypes()) {
				if (Throwable.class.isAssignableFrom(parameter)) {
					types.add((Class<? extends Throwable>) parameter);
				}
			}
		}
		if (types.isEmpty()) {
			throw new IllegalStateException("@IoExceptionHandler " + description
					+ " names no exception: list them in the annotation or take one as a parameter");
		}
		return types;
	}

	boolean isEmpty() {
		return this.methods.isEmpty();
	}

	/**
	 * Find the method handling an exception: the one for its closest type.
	 * @param failure the exception
	 * @return the method, or {@code null}
	 */
	InvocableMethod find(Throwable failure) {
		List<Class<? extends Throwable>> matches = new ArrayList<>();
		for (Class<? extends Throwable> type : this.methods.keySet()) {
			if (type.isInstance(failure)) {
				matches.add(type);
			}
		}
		if (matches.isEmpty()) {
			return null;
		}
		matches.sort(new ExceptionDepthComparator(failure));
		return this.methods.get(matches.get(0));
	}

}
