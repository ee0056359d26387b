package dev.ioboot.server.netty;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.socket.client.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoEvent;
import dev.ioboot.server.IoServer;
import dev.ioboot.server.IoServerBootstrapCustomizer;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.ack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code io.socket.server-options.native-transport}: connections are accepted and served by
 * Netty's epoll transport where it can run unless it is turned off, by Java NIO when it is,
 * and real {@code io.socket:socket.io-client} clients are served the same either way.
 */
class NativeTransportIntegrationTests {

	private final TestClients clients = new TestClients();

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		this.clients.closeAll();
		if (this.context != null) {
			this.context.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void connectionsAreServedOnEpollWhereItCanRun(String transport) throws Exception {
		assumeTrue(Epoll.isAvailable(), "Netty's epoll transport cannot run here");
		start();
		Socket socket = this.clients.connect(port(), transport, "/", null);
		assertThat(ack(socket, "echo", "hello", 42)[0]).hasToString("[\"hello\",42]");
		assertThat(accepted()).isNotEmpty().allMatch(EpollSocketChannel.class::equals);
	}

	@Test
	void nativeTransportAskedForServesOnEpoll() throws Exception {
		assumeTrue(Epoll.isAvailable(), "Netty's epoll transport cannot run here");
		start("io.socket.server-options.native-transport=true");
		Socket socket = this.clients.connect(port(), "websocket", "/", null);
		assertThat(ack(socket, "echo", "hello")[0]).hasToString("[\"hello\"]");
		assertThat(accepted()).isNotEmpty().allMatch(EpollSocketChannel.class::equals);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void javaNioServesConnectionsWhenTheNativeTransportIsOff(String transport) throws Exception {
		start("io.socket.server-options.native-transport=false");
		Socket socket = this.clients.connect(port(), transport, "/", null);
		assertThat(ack(socket, "echo", "hello")[0]).hasToString("[\"hello\"]");
		assertThat(accepted()).isNotEmpty().allMatch(NioSocketChannel.class::equals);
	}

	private void start(String... properties) {
		this.context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0")
			.properties(properties)
			.run();
	}

	private int port() {
		return this.context.getBean(IoServer.class).port();
	}

	private List<Class<?>> accepted() {
		return this.context.getBean(AcceptedChannels.class).types;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class TestApplication {

		@Bean
		AcceptedChannels acceptedChannels() {
			return new AcceptedChannels();
		}

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	/**
	 * Records the type of each connection the listening channel accepts.
	 */
	static class AcceptedChannels implements IoServerBootstrapCustomizer {

		final List<Class<?>> types = new CopyOnWriteArrayList<>();

		@Override
		public void customize(io.netty.bootstrap.ServerBootstrap bootstrap) {
			bootstrap.handler(new ChannelInboundHandlerAdapter() {

				@Override
				public void channelRead(ChannelHandlerContext ctx, Object child) {
					AcceptedChannels.this.types.add(child.getClass());
					ctx.fireChannelRead(child);
				}

			});
		}

	}

	static class Echo {

		@IoEvent("echo")
		Object[] echo(Object... args) {
			return args;
		}

	}

}
