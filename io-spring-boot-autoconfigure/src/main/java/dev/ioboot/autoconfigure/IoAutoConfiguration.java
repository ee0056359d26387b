package dev.ioboot.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import dev.ioboot.Io;
import dev.ioboot.IoContext;
import dev.ioboot.IoDynamicNamespace;
import dev.ioboot.IoJsonMapper;
import dev.ioboot.IoMiddleware;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.event.DefaultIoEventDispatcher;
import dev.ioboot.event.IoAnyListener;
import dev.ioboot.event.IoAnyOutgoingListener;
import dev.ioboot.event.IoArgumentResolver;
import dev.ioboot.event.IoEventAnnotationProcessor;
import dev.ioboot.event.IoEventDispatcher;
import dev.ioboot.event.IoEventHandlerRegistry;
import dev.ioboot.event.IoEventMiddleware;
import dev.ioboot.event.IoHandlerDecorator;
import dev.ioboot.hook.IoInitHook;
import dev.ioboot.server.ConnectionStateRecovery;
import dev.ioboot.server.EngineIoSettings;
import dev.ioboot.server.IoLimits;
import dev.ioboot.server.IoPrincipalResolver;
import dev.ioboot.server.IoRequestFilter;
import dev.ioboot.server.IoServer;
import dev.ioboot.server.IoServerBootstrapCustomizer;
import dev.ioboot.server.IoServerFactory;
import dev.ioboot.server.IoServerLifecycle;
import dev.ioboot.server.IoServerPortInfoListener;
import dev.ioboot.server.IoServerSpec;
import dev.ioboot.server.Transport;
import dev.ioboot.server.protect.ClientAddressPolicy;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the Socket.IO server: an {@link IoServer} built from {@link IoProperties} by the
 * {@link IoServerFactory} (the starter's Socket.IO v4 protocol layer on netty-socketio's
 * event loops), {@code @IoEvent} handlers, init hooks, the {@link Io} facade, and
 * {@code local.io.server.port} once it listens.
 */
@AutoConfiguration
@ConditionalOnClass(name = IoAutoConfiguration.NETTY_SOCKETIO)
@ConditionalOnBooleanProperty(name = "io.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IoProperties.class)
public final class IoAutoConfiguration {

	/** The class whose presence says the server's engine, netty-socketio, is there. */
	static final String NETTY_SOCKETIO = "com.corundumstudio.socketio.SocketIOServer";

	@Bean
	@ConditionalOnMissingBean
	IoJsonMapper ioJsonMapper() {
		return IoJsonMapper.withDefaults();
	}

	@Bean
	@ConditionalOnMissingBean
	IoEventHandlerRegistry ioEventHandlerRegistry(ObjectProvider<IoContext> context) {
		return new IoEventHandlerRegistry(context::getObject);
	}

	@Bean
	@ConditionalOnMissingBean
	IoEventAnnotationProcessor ioEventAnnotationProcessor(ConfigurableListableBeanFactory beanFactory,
			IoEventHandlerRegistry registry, IoJsonMapper json, IoProperties properties,
			ObjectProvider<IoArgumentResolver> resolvers) {
		return new IoEventAnnotationProcessor(beanFactory, registry, json.objectMapper(), namespaces(properties),
				() -> resolvers.orderedStream().toList(), () -> PayloadValidators.find(beanFactory));
	}

	@Bean
	@ConditionalOnMissingBean
	IoEventDispatcher ioEventDispatcher(IoEventHandlerRegistry registry,
			ObjectProvider<IoHandlerDecorator> decorators) {
		return new DefaultIoEventDispatcher(registry, decorators.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	IoServerFactory ioServerFactory() {
		return new IoServerFactory();
	}

	@Bean
	@ConditionalOnMissingBean
	IoServerSpec ioServerSpec(IoProperties properties, IoEventDispatcher dispatcher, IoJsonMapper json,
			ObjectProvider<IoAdapter> adapter, ObjectProvider<IoPrincipalResolver> principals,
			ObjectProvider<IoMiddleware> middlewares, ObjectProvider<IoDynamicNamespace> dynamicNamespaces,
			ObjectProvider<IoEventMiddleware> eventMiddlewares, ObjectProvider<IoAnyListener> anyListeners,
			ObjectProvider<IoAnyOutgoingListener> anyOutgoingListeners, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<IoServerBootstrapCustomizer> bootstrapCustomizers,
			ObjectProvider<IoRequestFilter> requestFilters, Environment environment) {
		IoProperties.ServerOptions options = properties.getSocket().getServerOptions();
		IoServerSpec.Builder spec = IoServerSpec.builder(settings(properties), dispatcher, json)
			.bind(new IoServerSpec.Bind(options.getHostname(), options.getPort(), 1, options.getWorkerThreads(),
					options.getNativeTransport()))
			.namespaces(properties.getNamespaces())
			.parser(options.getParser())
			.handlerThreads(properties.getHandlerThreads())
			.virtualThreads(Threading.VIRTUAL.isActive(environment))
			.middlewares(middlewares.orderedStream().toList())
			.recovery(recovery(options.getConnectionStateRecovery()))
			.dynamicNamespaces(dynamicNamespaces(properties))
			.dynamicNamespaces(dynamicNamespaces.orderedStream().toList())
			.eventMiddlewares(eventMiddlewares.orderedStream().toList())
			.anyListeners(anyListeners.orderedStream().toList())
			.anyOutgoingListeners(anyOutgoingListeners.orderedStream().toList())
			.limits(limits(properties.getLimits()))
			.ssl(sslBundle(options.getSsl().getBundle(), sslBundles))
			.bootstrapCustomizers(bootstrapCustomizers.orderedStream().toList())
			.requestFilters(requestFilters.orderedStream().toList());
		principals.ifAvailable(spec::principals);
		IoAdapter configured = adapter.getIfAvailable();
		if (configured != null) {
			spec.adapter(configured);
		}
		else if (properties.getAdapter().getType() != IoProperties.AdapterType.MEMORY) {
			String type = properties.getAdapter().getType().name().toLowerCase(Locale.ROOT).replace('_', '-');
			throw new IllegalStateException("io.adapter.type=" + type + " needs Spring Data Redis and a configured "
					+ "RedisConnectionFactory: add org.springframework.boot:spring-boot-starter-data-redis to your "
					+ "dependencies (and org.msgpack:msgpack-core if you do not use io-spring-boot-starter)");
		}
		return spec.build();
	}

	@Bean
	@ConditionalOnMissingBean
	IoServer ioServer(IoServerFactory factory, IoServerSpec spec) {
		return factory.create(spec);
	}

	@Bean
	@ConditionalOnMissingBean
	Io io(IoServer ioServer) {
		return ioServer.io();
	}

	@Bean
	@ConditionalOnMissingBean
	IoContext ioContext(ApplicationContext applicationContext, Io io) {
		return new IoContext(applicationContext, io);
	}

	@Bean
	@ConditionalOnMissingBean
	IoServerLifecycle ioServerLifecycle(IoServer ioServer, ObjectProvider<IoInitHook> hooks,
			ObjectProvider<IoContext> context, IoProperties properties) {
		return new IoServerLifecycle(ioServer, () -> hooks.orderedStream().toList(), context::getObject,
				properties.getShutdownGracePeriod());
	}

	@Bean
	static IoServerPortInfoListener ioServerPortInfoListener(ApplicationContext applicationContext) {
		return new IoServerPortInfoListener(applicationContext);
	}

	private static SslBundle sslBundle(String name, ObjectProvider<SslBundles> sslBundles) {
		if (!StringUtils.hasText(name)) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new IllegalStateException("io.socket.server-options.ssl.bundle is set but there are no SSL bundles; "
					+ "configure spring.ssl.bundle.* (SslAutoConfiguration)");
		}
		return bundles.getBundle(name);
	}

	/**
	 * Return the namespaces handlers may listen on: the configured ones and the dynamic
	 * namespace groups of the properties (those declared as beans are found by the processor).
	 */
	static Set<String> namespaces(IoProperties properties) {
		Set<String> namespaces = new LinkedHashSet<>();
		namespaces.add(Io.DEFAULT_NAMESPACE);
		namespaces.addAll(properties.getNamespaces());
		namespaces.addAll(properties.getDynamicNamespaces().keySet());
		return namespaces;
	}

	static ConnectionStateRecovery recovery(IoProperties.ConnectionStateRecovery properties) {
		return new ConnectionStateRecovery(properties.isEnabled(), properties.getMaxDisconnectionDuration(),
				properties.isSkipMiddlewares(), properties.getBufferLimit().toBytes());
	}

	static List<IoDynamicNamespace> dynamicNamespaces(IoProperties properties) {
		List<IoDynamicNamespace> groups = new ArrayList<>();
		properties.getDynamicNamespaces().forEach((name, regex) -> groups.add(IoDynamicNamespace.matching(name, regex)));
		return groups;
	}

	static EngineIoSettings settings(IoProperties properties) {
		IoProperties.ServerOptions options = properties.getSocket().getServerOptions();
		IoProperties.Cors cors = options.getCors();
		return new EngineIoSettings(options.getPath(), transports(options.getTransports()), options.getPingInterval(),
				options.getPingTimeout(), options.getConnectTimeout(), options.getMaxPayload(),
				new EngineIoSettings.CorsPolicy(List.copyOf(cors.getOrigins()), List.copyOf(cors.getMethods()),
						cors.isAllowCredentials()),
				new EngineIoSettings.Compression(options.getPerMessageDeflate().isEnabled(),
						(int) options.getPerMessageDeflate().getThreshold().toBytes()),
				new EngineIoSettings.Compression(options.getHttpCompression().isEnabled(),
						(int) options.getHttpCompression().getThreshold().toBytes()));
	}

	static IoLimits limits(IoProperties.Limits limits) {
		return new IoLimits(limits.getMaxConnections(), limits.getMaxConnectionsPerAddress(),
				limits.getEventsPerSecond(), limits.getRateExceeded(), limits.getMaxBufferedBytes().toBytes(),
				limits.getRequestTimeout(),
				ClientAddressPolicy.of(limits.getAllow(), limits.getDeny(), limits.getTrustedProxies()),
				limits.getMaxDynamicNamespaces());
	}

	private static Set<Transport> transports(List<String> names) {
		Set<Transport> transports = new LinkedHashSet<>();
		for (String name : names) {
			transports.add(Transport.of(name));
		}
		return transports;
	}

}
