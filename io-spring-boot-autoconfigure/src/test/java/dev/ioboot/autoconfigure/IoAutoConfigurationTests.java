package dev.ioboot.autoconfigure;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.ioboot.Io;
import dev.ioboot.IoContext;
import dev.ioboot.IoJsonMapper;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventHandler;
import dev.ioboot.event.IoEventHandlerRegistry;
import dev.ioboot.event.IoExceptionHandler;
import dev.ioboot.hook.IoInitHook;
import dev.ioboot.server.EngineIoSettings;
import dev.ioboot.server.IoRequestFilter;
import dev.ioboot.server.IoParser;
import dev.ioboot.server.IoServer;
import dev.ioboot.server.IoServerBootstrapCustomizer;
import dev.ioboot.server.IoServerFactory;
import dev.ioboot.server.IoServerLifecycle;
import dev.ioboot.server.IoServerSpec;
import dev.ioboot.server.IoServerStartException;
import dev.ioboot.server.IoServerStartedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IoAutoConfiguration}.
 */
class IoAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IoAutoConfiguration.class))
		.withPropertyValues("io.socket.server-options.port=0");

	@Test
	void createsTheServerWithSocketIoDefaults() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(IoServerFactory.class)
				.hasSingleBean(IoServerSpec.class)
				.hasSingleBean(IoServer.class)
				.hasSingleBean(Io.class)
				.hasSingleBean(IoServerLifecycle.class)
				.hasSingleBean(IoEventHandlerRegistry.class)
				.hasSingleBean(IoJsonMapper.class);
			IoProperties.ServerOptions options = context.getBean(IoProperties.class).getSocket().getServerOptions();
			assertThat(options.getPingInterval()).isEqualTo(Duration.ofSeconds(25));
			assertThat(options.getPingTimeout()).isEqualTo(Duration.ofSeconds(20));
			assertThat(options.getConnectTimeout()).isEqualTo(Duration.ofSeconds(45));
			assertThat(options.getMaxPayload()).isEqualTo(1_000_000);
			assertThat(options.getPath()).isEqualTo("/socket.io");
			assertThat(options.getTransports()).containsExactly("websocket", "polling");
			assertThat(options.getCors().getOrigins()).isEmpty();
			IoServerSpec.Bind bind = context.getBean(IoServerSpec.class).bind();
			assertThat(bind.host()).isEqualTo("0.0.0.0");
			assertThat(bind.workerThreads()).isZero();
			assertThat(context.getBean(IoServer.class).isRunning()).isTrue();
		});
	}

	@Test
	void defaultPortIs9092() {
		assertThat(new IoProperties().getSocket().getServerOptions().getPort()).isEqualTo(9092);
	}

	@Test
	void disabledCreatesNothingAndBindsNoPort() {
		this.runner.withPropertyValues("io.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(IoServer.class)
				.doesNotHaveBean(Io.class)
				.doesNotHaveBean(IoServerLifecycle.class)
				.doesNotHaveBean(IoProperties.class);
			assertThat(Thread.getAllStackTraces().keySet()).noneMatch((t) -> t.getName().startsWith("io-timer-"));
		});
	}

	@Test
	void backsOffWithoutNettySocketIo() {
		this.runner.withClassLoader(new FilteredClassLoader("com.corundumstudio.socketio"))
			.run((context) -> assertThat(context).doesNotHaveBean(Io.class));
	}

	@Test
	void backsOffFromUserBeans() {
		this.runner.withUserConfiguration(UserJsonConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(IoJsonMapper.class);
			assertThat(context.getBean(IoJsonMapper.class)).isSameAs(UserJsonConfiguration.MAPPER);
		});
	}

	@Test
	void bootstrapCustomizersShapeTheListeningChannel() {
		AtomicInteger accepted = new AtomicInteger();
		IoServerBootstrapCustomizer countAccepted = (bootstrap) -> bootstrap.handler(new ChannelInboundHandlerAdapter() {

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object child) {
				accepted.incrementAndGet();
				ctx.fireChannelRead(child);
			}

		});
		this.runner.withBean(IoServerBootstrapCustomizer.class, () -> countAccepted).run((context) -> {
			try (Socket socket = new Socket("127.0.0.1", context.getBean(IoServer.class).port())) {
				await().atMost(Duration.ofSeconds(10)).until(() -> accepted.get() == 1);
			}
		});
	}

	@Test
	void compressionDefaultsAreNodes() {
		this.runner.run((context) -> {
			EngineIoSettings settings = context.getBean(IoServerSpec.class).settings();
			assertThat(settings.perMessageDeflate()).isEqualTo(new EngineIoSettings.Compression(false, 1024));
			assertThat(settings.httpCompression()).isEqualTo(new EngineIoSettings.Compression(true, 1024));
		});
	}

	@Test
	void compressionComesFromTheProperties() {
		this.runner
			.withPropertyValues("io.socket.server-options.per-message-deflate.enabled=true",
					"io.socket.server-options.per-message-deflate.threshold=2KB",
					"io.socket.server-options.http-compression.enabled=false",
					"io.socket.server-options.http-compression.threshold=512")
			.run((context) -> {
				EngineIoSettings settings = context.getBean(IoServerSpec.class).settings();
				assertThat(settings.perMessageDeflate()).isEqualTo(new EngineIoSettings.Compression(true, 2048));
				assertThat(settings.httpCompression()).isEqualTo(new EngineIoSettings.Compression(false, 512));
			});
	}

	@Test
	void negativeCompressionThresholdFailsNamingTheKey() {
		this.runner.withPropertyValues("io.socket.server-options.per-message-deflate.threshold=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.socket.server-options.per-message-deflate.threshold"));
	}

	@Test
	void requestFiltersAreTheFilterBeansInOrder() {
		this.runner.withUserConfiguration(RequestFilterConfiguration.class)
			.run((context) -> assertThat(context.getBean(IoServerSpec.class).requestFilters()).containsExactly(
					context.getBean("firstFilter", IoRequestFilter.class),
					context.getBean("secondFilter", IoRequestFilter.class)));
	}

	@Test
	void noRequestFilterBeanMeansNoFilter() {
		this.runner.run((context) -> assertThat(context.getBean(IoServerSpec.class).requestFilters()).isEmpty());
	}

	@Test
	void workerThreadsComeFromTheProperty() {
		this.runner.withPropertyValues("io.socket.server-options.worker-threads=3")
			.run((context) -> assertThat(context.getBean(IoServerSpec.class).bind().workerThreads()).isEqualTo(3));
	}

	@Test
	void parserIsTheDefaultOne() {
		this.runner.run((context) -> assertThat(context.getBean(IoServerSpec.class).parser()).isEqualTo(IoParser.DEFAULT));
	}

	@Test
	void parserComesFromTheProperty() {
		this.runner.withPropertyValues("io.socket.server-options.parser=msgpack").run((context) -> {
			assertThat(context.getBean(IoServerSpec.class).parser()).isEqualTo(IoParser.MSGPACK);
			assertThat(context.getBean(IoServer.class).isRunning()).isTrue();
		});
	}

	@Test
	void unknownParserFailsNamingTheKey() {
		this.runner.withPropertyValues("io.socket.server-options.parser=protobuf")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("io.socket.server-options.parser"));
	}

	@Test
	void negativeWorkerThreadsFailNamingTheKey() {
		this.runner.withPropertyValues("io.socket.server-options.worker-threads=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.socket.server-options.worker-threads"));
	}

	@Test
	void startedServerPublishesAnEventAndTheLocalPortProperty() {
		this.runner.withUserConfiguration(StartedEventConfiguration.class).run((context) -> {
			int port = context.getBean(IoServer.class).port();
			assertThat(port).isPositive();
			assertThat(context.getEnvironment().getProperty("local.io.server.port", Integer.class)).isEqualTo(port);
			assertThat(context.getBean(StartedEventConfiguration.class).ports).containsExactly(port);
		});
	}

	@Test
	void negativePortFailsNamingTheKey() {
		this.runner.withPropertyValues("io.socket.server-options.port=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.socket.server-options.port"));
	}

	@Test
	void unknownTransportFailsNamingTheKey() {
		this.runner.withPropertyValues("io.socket.server-options.transports=websocket,flash")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.socket.server-options.transports"));
	}

	@Test
	void zeroPingTimeoutFailsNamingTheKey() {
		this.runner.withPropertyValues("io.socket.server-options.ping-timeout=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.socket.server-options.ping-timeout"));
	}

	@Test
	void credentialsWithAnyOriginFailNamingTheKey() {
		this.runner
			.withPropertyValues("io.socket.server-options.cors.origins=*",
					"io.socket.server-options.cors.allow-credentials=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.socket.server-options.cors.allow-credentials"));
	}

	@Test
	void portInUseFailsStartupWithAClearMessageAndLeaksNoThreads() throws Exception {
		try (ServerSocket taken = new ServerSocket(0)) {
			int threadsBefore = liveNonDaemonThreads().size();
			this.runner.withPropertyValues("io.socket.server-options.port=" + taken.getLocalPort(),
					"io.socket.server-options.hostname=0.0.0.0")
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("Address already in use"));
			this.runner.withPropertyValues("io.socket.server-options.port=" + taken.getLocalPort())
				.run((context) -> assertThat(context).getFailure()
					.cause()
					.hasMessageContaining("Socket.IO server could not listen on 0.0.0.0:" + taken.getLocalPort()));
			// Netty's global executor thread, started by the failed bind, ends after a quiet second
			await().pollInSameThread()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(liveNonDaemonThreads()).hasSizeLessThanOrEqualTo(threadsBefore));
			org.springframework.boot.diagnostics.FailureAnalysis analysis = new IoServerStartFailureAnalyzer()
				.analyze(new RuntimeException(new dev.ioboot.server.IoServerStartException(
						"Socket.IO server could not listen on 0.0.0.0:9092: Address already in use", null)));
			assertThat(analysis.getDescription()).contains("0.0.0.0:9092");
			assertThat(analysis.getAction()).contains("io.socket.server-options.port");
			assertThat(Thread.getAllStackTraces().keySet()).noneMatch((t) -> t.isAlive()
					&& (t.getName().startsWith("io-handler-") || t.getName().startsWith("nioEventLoopGroup")));
		}
	}

	@Test
	void stopWithoutStartDoesNotThrow() {
		this.runner.run((context) -> {
			IoServerLifecycle lifecycle = context.getBean(IoServerLifecycle.class);
			lifecycle.stop();
			assertThat(lifecycle.isRunning()).isFalse();
			assertThatNoException().isThrownBy(lifecycle::stop);
		});
	}

	@Test
	void initHooksRunInOrderBeforeTheServerListensWithTheFacade() {
		this.runner.withUserConfiguration(HooksConfiguration.class).run((context) -> {
			HooksConfiguration hooks = context.getBean(HooksConfiguration.class);
			assertThat(hooks.calls).containsExactly("first:running=false", "second:running=false");
			assertThat(hooks.io).isSameAs(context.getBean(Io.class));
		});
	}

	@Test
	void failingInitHookFailsStartup() {
		this.runner.withBean(IoInitHook.class, () -> (ctx) -> {
			throw new IllegalStateException("no redis");
		}).run((context) -> assertThat(context).hasFailed().getFailure().cause().hasMessageContaining("no redis"));
	}

	@Test
	void duplicateHandlersFailStartupNamingBothBeans() {
		this.runner.withUserConfiguration(DuplicateHandlers.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("Two handlers for event 'dup'")
				.hasMessageContaining("first")
				.hasMessageContaining("second"));
	}

	@Test
	void aReturnTypeThatCannotBeAnAckFailsStartupNamingTheMethod() {
		this.runner.withUserConfiguration(FluxHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("FluxHandler' method")
				.hasMessageContaining("FluxHandler.many()")
				.hasMessageContaining("cannot be an acknowledgement"));
		this.runner.withUserConfiguration(FutureHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("FutureHandler.later()")
				.hasMessageContaining("java.util.concurrent.Future"));
	}

	@Test
	void aValidParameterWithoutAValidatorFailsStartupNamingTheMethod() {
		this.runner.withUserConfiguration(ValidatedHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("ValidatedHandler.check()")
				.hasMessageContaining("no Validator"));
	}

	@Test
	void anExceptionHandlerParameterThatCannotBeResolvedFailsStartup() {
		this.runner.withUserConfiguration(BadExceptionHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("BadExceptionHandler.handle()")
				.hasMessageContaining("not event arguments"));
	}

	@Test
	void unresolvableParameterFailsStartupNamingTheMethod() {
		this.runner.withUserConfiguration(UnresolvableHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("UnresolvableHandler.run()")
				.hasMessageContaining("Cannot resolve parameter"));
	}

	@Test
	void handlerOnUnknownNamespaceFailsStartup() {
		this.runner.withUserConfiguration(OtherNamespaceHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("namespace '/other'")
				.hasMessageContaining("io.namespaces"));
		this.runner.withUserConfiguration(OtherNamespaceHandler.class)
			.withPropertyValues("io.namespaces=/other")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(IoEventHandlerRegistry.class).events("/other")).containsExactly("hello");
				assertThat(context.getBean(Io.class).namespaces()).containsExactly("/", "/other");
			});
	}

	@Test
	void typeLevelAnnotationRequiresIoEventHandler() {
		this.runner.withUserConfiguration(NotAHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("does not implement IoEventHandler"));
	}

	private static Set<Thread> liveNonDaemonThreads() {
		Set<Thread> threads = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
		threads.removeIf((t) -> t.isDaemon() || !t.isAlive());
		return threads;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserJsonConfiguration {

		static final IoJsonMapper MAPPER = IoJsonMapper.withDefaults();

		@Bean
		IoJsonMapper customMapper() {
			return MAPPER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StartedEventConfiguration {

		final List<Integer> ports = new ArrayList<>();

		@Bean
		ApplicationListener<IoServerStartedEvent> portRecorder() {
			return (event) -> this.ports.add(event.getPort());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HooksConfiguration {

		final List<String> calls = new ArrayList<>();

		Io io;

		@Bean
		@Order(2)
		IoInitHook second() {
			return (ctx) -> this.calls.add("second:running=" + ctx.applicationContext().getBean(IoServer.class).isRunning());
		}

		@Bean
		@Order(1)
		IoInitHook first() {
			return (ctx) -> {
				this.calls.add("first:running=" + ctx.applicationContext().getBean(IoServer.class).isRunning());
				this.io = ctx.io();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateHandlers {

		@Bean
		IoEventHandler first() {
			return new FirstDup();
		}

		@Bean
		IoEventHandler second() {
			return new SecondDup();
		}

	}

	@IoEvent("dup")
	static class FirstDup implements IoEventHandler {

		@Override
		public Object handle(IoContext ctx, IoSocket socket, Object... args) {
			return null;
		}

	}

	@IoEvent("dup")
	static class SecondDup implements IoEventHandler {

		@Override
		public Object handle(IoContext ctx, IoSocket socket, Object... args) {
			return null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FluxHandler {

		@IoEvent("many")
		reactor.core.publisher.Flux<String> many() {
			return reactor.core.publisher.Flux.just("a", "b");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FutureHandler {

		@IoEvent("later")
		java.util.concurrent.Future<String> later() {
			return null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ValidatedHandler {

		@IoEvent("check")
		String check(@jakarta.validation.Valid Map<String, Object> payload) {
			return "checked";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadExceptionHandler {

		@IoEvent("fails")
		String fails() {
			throw new IllegalStateException();
		}

		@IoExceptionHandler
		String handle(IllegalStateException ex, String fromTheClient) {
			return "never";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnresolvableHandler {

		@IoEvent("run")
		void run(Runnable task) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherNamespaceHandler {

		@IoEvent(value = "hello", namespace = "/other")
		String hello() {
			return "hi";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@IoEvent("nope")
	static class NotAHandler {

	}

	@Configuration(proxyBeanMethods = false)
	static class RequestFilterConfiguration {

		@Bean
		@Order(2)
		IoRequestFilter secondFilter() {
			return (request) -> IoRequestFilter.Decision.allow();
		}

		@Bean
		@Order(1)
		IoRequestFilter firstFilter() {
			return (request) -> IoRequestFilter.Decision.allow();
		}

	}

}
