package dev.ioboot.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

import dev.ioboot.Io;
import dev.ioboot.IoContext;
import dev.ioboot.IoJsonMapper;
import dev.ioboot.IoMiddleware;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.content.IoContentEmitter;
import dev.ioboot.content.IoContentPublisher;
import dev.ioboot.event.IoEventAnnotationProcessor;
import dev.ioboot.event.IoEventHandlerRegistry;
import dev.ioboot.hook.IoInitHook;
import dev.ioboot.server.DefaultIo;
import dev.ioboot.server.ClientAddressPolicy;
import dev.ioboot.server.EngineIoSettings;
import dev.ioboot.server.IoLimits;
import dev.ioboot.server.IoServer;
import dev.ioboot.server.IoPrincipalResolver;
import dev.ioboot.server.IoServerLifecycle;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the Socket.IO server: netty-socketio's server built from {@link IoProperties}, the
 * starter's Socket.IO v4 protocol layer, {@code @IoEvent} handlers, init hooks and the
 * {@link Io} facade.
 */
@AutoConfiguration
@ConditionalOnClass(SocketIOServer.class)
@ConditionalOnBooleanProperty(name = "io.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IoProperties.class)
public final class IoAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IoJsonMapper ioJsonMapper() {
		return IoJsonMapper.withDefaults();
	}

	@Bean
	@ConditionalOnMissingBean
	SocketIOServer socketIoServer(IoProperties properties, ObjectProvider<IoServerConfigurationCustomizer> customizers) {
		IoProperties.ServerOptions options = properties.getSocket().getServerOptions();
		Configuration configuration = new Configuration();
		configuration.setHostname(options.getHostname());
		configuration.setPort(options.getPort());
		configuration.setContext(options.getPath());
		configuration.setTransports(transports(options.getTransports()).toArray(Transport[]::new));
		configuration.setPingInterval((int) options.getPingInterval().toMillis());
		configuration.setPingTimeout((int) options.getPingTimeout().toMillis());
		configuration.setMaxFramePayloadLength(options.getMaxPayload());
		configuration.setMaxHttpContentLength(options.getMaxPayload());
		configuration.setRandomSession(true);
		configuration.setAddVersionHeader(false);
		configuration.getSocketConfig().setReuseAddress(true);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(configuration));
		return new SocketIOServer(configuration);
	}

	@Bean
	@ConditionalOnMissingBean
	IoEventHandlerRegistry ioEventHandlerRegistry(ObjectProvider<IoContext> context) {
		return new IoEventHandlerRegistry(context::getObject);
	}

	@Bean
	@ConditionalOnMissingBean
	IoEventAnnotationProcessor ioEventAnnotationProcessor(ConfigurableListableBeanFactory beanFactory,
			IoEventHandlerRegistry registry, IoJsonMapper json, IoProperties properties) {
		return new IoEventAnnotationProcessor(beanFactory, registry, json.objectMapper(), namespaces(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	IoServer ioServer(SocketIOServer socketIoServer, IoProperties properties, IoEventHandlerRegistry registry,
			IoJsonMapper json, ObjectProvider<IoAdapter> adapter, ObjectProvider<IoPrincipalResolver> principals,
			ObjectProvider<IoMiddleware> middlewares, ObjectProvider<SslBundles> sslBundles) {
		IoServer server = new IoServer(socketIoServer, settings(properties), namespaces(properties), registry, json,
				properties.getHandlerThreads());
		principals.ifAvailable(server::setPrincipalResolver);
		server.setMiddlewares(middlewares.orderedStream().toList());
		server.setLimits(limits(properties.getLimits()));
		String bundle = properties.getSocket().getServerOptions().getSsl().getBundle();
		if (StringUtils.hasText(bundle)) {
			SslBundles bundles = sslBundles.getIfAvailable();
			if (bundles == null) {
				throw new IllegalStateException("io.socket.server-options.ssl.bundle is set but there are no SSL bundles; "
						+ "configure spring.ssl.bundle.* (SslAutoConfiguration)");
			}
			server.setSslBundle(bundles.getBundle(bundle));
		}
		IoAdapter configured = adapter.getIfAvailable();
		if (configured != null) {
			server.setAdapter(configured);
		}
		else if (properties.getAdapter().getType() == IoProperties.AdapterType.REDIS) {
			throw new IllegalStateException("io.adapter.type=redis needs Spring Data Redis and a configured "
					+ "RedisConnectionFactory: add org.springframework.boot:spring-boot-starter-data-redis to your "
					+ "dependencies (and org.msgpack:msgpack-core if you do not use io-spring-boot-starter)");
		}
		return server;
	}

	@Bean
	@ConditionalOnMissingBean
	Io io(IoServer ioServer, ObjectProvider<IoContentPublisher> content) {
		return new DefaultIo(ioServer, (type, action, object) -> {
			IoContentPublisher publisher = content.getIfAvailable();
			IoContentEmitter emitter = (publisher != null) ? publisher : DefaultIo.NO_CONTENT;
			emitter.emitContent(type, action, object);
		});
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

	static Set<String> namespaces(IoProperties properties) {
		Set<String> namespaces = new LinkedHashSet<>();
		namespaces.add(Io.DEFAULT_NAMESPACE);
		namespaces.addAll(properties.getNamespaces());
		return namespaces;
	}

	static EngineIoSettings settings(IoProperties properties) {
		IoProperties.ServerOptions options = properties.getSocket().getServerOptions();
		IoProperties.Cors cors = options.getCors();
		return new EngineIoSettings(options.getPath(), transports(options.getTransports()), options.getPingInterval(),
				options.getPingTimeout(), options.getConnectTimeout(), options.getMaxPayload(),
				new EngineIoSettings.CorsPolicy(List.copyOf(cors.getOrigins()), List.copyOf(cors.getMethods()),
						cors.isAllowCredentials()));
	}

	static IoLimits limits(IoProperties.Limits limits) {
		return new IoLimits(limits.getMaxConnections(), limits.getMaxConnectionsPerAddress(),
				limits.getEventsPerSecond(), limits.getRateExceeded(), limits.getMaxBufferedBytes().toBytes(),
				limits.getRequestTimeout(),
				ClientAddressPolicy.of(limits.getAllow(), limits.getDeny(), limits.getTrustedProxies()));
	}

	private static Set<Transport> transports(List<String> names) {
		Set<Transport> transports = new LinkedHashSet<>();
		for (String name : names) {
			transports.add("polling".equals(name) ? Transport.POLLING : Transport.WEBSOCKET);
		}
		return transports;
	}

}
