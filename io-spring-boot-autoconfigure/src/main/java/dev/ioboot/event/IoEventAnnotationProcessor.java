package dev.ioboot.event;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;

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
import org.springframework.core.annotation.AnnotationUtils;

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

	/**
	 * Create a processor.
	 * @param beanFactory the bean factory to search
	 * @param registry the registry to fill
	 * @param mapper the Jackson 2 mapper converting event arguments
	 * @param namespaces the namespaces clients may connect to
	 */
	public IoEventAnnotationProcessor(ConfigurableListableBeanFactory beanFactory, IoEventHandlerRegistry registry,
			ObjectMapper mapper, Collection<String> namespaces) {
		this.beanFactory = beanFactory;
		this.registry = registry;
		this.mapper = mapper;
		this.namespaces = namespaces;
	}

	@Override
	public void afterSingletonsInstantiated() {
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
	}

	private void processBean(String beanName, Class<?> type) {
		IoEvent typeLevel = AnnotationUtils.findAnnotation(type, IoEvent.class);
		if (typeLevel != null) {
			if (!IoEventHandler.class.isAssignableFrom(type)) {
				throw new BeanInitializationException("Bean '" + beanName + "' (" + type.getName()
						+ ") is annotated with @IoEvent but does not implement IoEventHandler");
			}
			String where = "bean '" + beanName + "' (" + type.getName() + ")";
			checkNamespace(typeLevel, where);
			register(() -> this.registry.register(typeLevel.namespace(), typeLevel.value(), beanName,
					this.beanFactory.getBean(beanName, IoEventHandler.class)));
		}
		Map<Method, IoServerEvent> serverMethods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<IoServerEvent>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, IoServerEvent.class));
		if (!serverMethods.isEmpty()) {
			Object bean = this.beanFactory.getBean(beanName);
			serverMethods.forEach((method, annotation) -> {
				Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
				register(() -> this.registry.addServerSide(annotation.namespace(), annotation.value(),
						new HandlerMethodInvoker(beanName, bean, invocable, this.mapper)));
			});
		}
		Map<Method, IoEvent> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<IoEvent>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, IoEvent.class));
		if (methods.isEmpty()) {
			return;
		}
		Object bean = this.beanFactory.getBean(beanName);
		methods.forEach((method, annotation) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			checkNamespace(annotation, "bean '" + beanName + "' method " + type.getName() + "." + method.getName());
			register(() -> this.registry.add(annotation.namespace(), annotation.value(),
					new HandlerMethodInvoker(beanName, bean, invocable, this.mapper)));
			if (logger.isDebugEnabled()) {
				logger.debug("Registered @IoEvent(\"" + annotation.value() + "\") " + method);
			}
		});
	}

	private void checkNamespace(IoEvent annotation, String where) {
		if (!this.namespaces.contains(annotation.namespace())) {
			throw new BeanInitializationException("@IoEvent(\"" + annotation.value() + "\") on " + where
					+ " listens on namespace '" + annotation.namespace() + "', which is not in io.namespaces "
					+ this.namespaces);
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
