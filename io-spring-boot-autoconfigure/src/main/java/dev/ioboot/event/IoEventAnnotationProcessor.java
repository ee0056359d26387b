package dev.ioboot.event;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.validation.Validator;

import dev.ioboot.IoDynamicNamespace;

/**
 * Finds every {@link IoEvent} handler once all singletons exist, the way Spring's own
 * {@code @EventListener} processor does: beans implementing {@link IoEventHandler} annotated
 * with {@code @IoEvent}, and {@code @IoEvent} methods of any bean (called through the bean's
 * proxy, so {@code @Transactional} and other advice apply). A handler on an unknown namespace,
 * a duplicate handler or a parameter that cannot be resolved fails startup, naming the bean
 * and method.
 */
public class IoEventAnnotationProcessor implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(IoEventAnnotationProcessor.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final IoEventHandlerRegistry registry;

	private final ObjectMapper mapper;

	private final Collection<String> namespaces;

	/** The names of the dynamic namespace groups declared as beans. */
	private Set<String> groups = Set.of();

	private final Supplier<List<IoArgumentResolver>> resolvers;

	private final Supplier<Validator> validator;

	private ArgumentBinder binder;

	private final List<Advice> advice = new ArrayList<>();

	/**
	 * Create a processor with no argument resolvers of the application and no validator.
	 * @param beanFactory the bean factory to search
	 * @param registry the registry to fill
	 * @param mapper the Jackson 2 mapper converting event arguments
	 * @param namespaces the namespaces clients may connect to
	 */
	public IoEventAnnotationProcessor(ConfigurableListableBeanFactory beanFactory, IoEventHandlerRegistry registry,
			ObjectMapper mapper, Collection<String> namespaces) {
		this(beanFactory, registry, mapper, namespaces, List::of, () -> null);
	}

	/**
	 * Create a processor.
	 * @param beanFactory the bean factory to search
	 * @param registry the registry to fill
	 * @param mapper the Jackson 2 mapper converting event arguments
	 * @param namespaces the namespaces clients may connect to
	 * @param resolvers the application's argument resolvers, in order, asked once all
	 * singletons exist
	 * @param validator validates {@code @Valid} parameters; may supply {@code null}
	 */
	public IoEventAnnotationProcessor(ConfigurableListableBeanFactory beanFactory, IoEventHandlerRegistry registry,
			ObjectMapper mapper, Collection<String> namespaces, Supplier<List<IoArgumentResolver>> resolvers,
			Supplier<Validator> validator) {
		this.beanFactory = beanFactory;
		this.registry = registry;
		this.mapper = mapper;
		this.namespaces = namespaces;
		this.resolvers = resolvers;
		this.validator = validator;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.groups = this.beanFactory.getBeanProvider(IoDynamicNamespace.class)
			.stream()
			.map(IoDynamicNamespace::name)
			.collect(Collectors.toCollection(LinkedHashSet::new));
		Validator validator = this.validator.get();
		this.binder = new ArgumentBinder(this.mapper, this.resolvers.get(), this.registry.context(), () -> validator);
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
			if (type == null || type.getName().startsWith("org.springframework.")) {
				continue;
			}
			processBean(beanName, type);
		}
		this.advice.sort(Comparator.comparing(Advice::bean, AnnotationAwareOrderComparator.INSTANCE));
		for (Advice advice : this.advice) {
			register(() -> this.registry.exceptionHandlers()
				.addAdvice(ExceptionHandlerMethods.of(advice.beanName(), advice.bean(), advice.type(), this.binder)));
		}
	}

	private void processBean(String beanName, Class<?> type) {
		if (AnnotationUtils.findAnnotation(type, IoControllerAdvice.class) != null) {
			this.advice.add(new Advice(beanName, this.beanFactory.getBean(beanName), type));
		}
		boolean handles = false;
		IoEvent typeLevel = AnnotationUtils.findAnnotation(type, IoEvent.class);
		if (typeLevel != null) {
			if (!IoEventHandler.class.isAssignableFrom(type)) {
				throw new BeanInitializationException("Bean '" + beanName + "' (" + type.getName()
						+ ") is annotated with @IoEvent but does not implement IoEventHandler");
			}
			String where = "bean '" + beanName + "' (" + type.getName() + ")";
			checkNamespace(typeLevel, where);
			IoEventHandler handler = this.beanFactory.getBean(beanName, IoEventHandler.class);
			register(() -> this.registry.register(typeLevel.namespace(), typeLevel.value(), beanName, handler,
					typeLevel.nonBlocking()));
			handles = true;
		}
		Map<Method, IoServerEvent> serverMethods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<IoServerEvent>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, IoServerEvent.class));
		Map<Method, IoEvent> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<IoEvent>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, IoEvent.class));
		if (!handles && serverMethods.isEmpty() && methods.isEmpty()) {
			return;
		}
		Object bean = this.beanFactory.getBean(beanName);
		serverMethods.forEach((method, annotation) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			register(() -> this.registry.addServerSide(annotation.namespace(), annotation.value(),
					invoker(beanName, bean, type, invocable, false)));
		});
		methods.forEach((method, annotation) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			checkNamespace(annotation, InvocableMethod.describe(beanName, type, method));
			register(() -> this.registry.add(annotation.namespace(), annotation.value(),
					invoker(beanName, bean, type, invocable, annotation.nonBlocking())));
			if (logger.isDebugEnabled()) {
				logger.debug("Registered @IoEvent(\"" + annotation.value() + "\") " + method);
			}
		});
		addLocalExceptionHandlers(beanName, bean, type);
	}

	private EventInvoker invoker(String beanName, Object bean, Class<?> type, Method method, boolean nonBlocking) {
		String description = InvocableMethod.describe(beanName, type, method);
		if (method.getReturnType() != void.class) {
			AsyncResults.checkReturnType(method.getReturnType(), description);
		}
		return new HandlerMethodInvoker(
				new InvocableMethod(description, bean, method, this.binder.forEvent(method, description)), nonBlocking);
	}

	private void addLocalExceptionHandlers(String beanName, Object bean, Class<?> type) {
		register(() -> this.registry.exceptionHandlers()
			.addLocal(bean, ExceptionHandlerMethods.of(beanName, bean, type, this.binder)));
	}

	/**
	 * An {@link IoControllerAdvice} bean.
	 */
	private record Advice(String beanName, Object bean, Class<?> type) {

	}

	private void checkNamespace(IoEvent annotation, String where) {
		if (!this.namespaces.contains(annotation.namespace()) && !this.groups.contains(annotation.namespace())) {
			throw new BeanInitializationException("@IoEvent(\"" + annotation.value() + "\") on " + where
					+ " listens on namespace '" + annotation.namespace() + "', which is not in io.namespaces "
					+ this.namespaces + (this.groups.isEmpty() ? "" : " nor a dynamic namespace group " + this.groups));
		}
	}

	private static void register(Runnable registration) {
		try {
			registration.run();
		}
		catch (IllegalStateException ex) {
			throw new BeanInitializationException(ex.getMessage(), ex);
		}
	}


}
