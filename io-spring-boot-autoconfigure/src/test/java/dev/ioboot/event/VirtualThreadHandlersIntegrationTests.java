package dev.ioboot.event;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.socket.client.Ack;
import io.socket.client.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.threads.virtual.enabled=true}, handlers run on virtual threads, the
 * events of one socket still one at a time and in arrival order. Needs Java 21 or later:
 * {@code .ci/run} runs it with a JDK 21+ when the machine has one (the {@code virtual-threads}
 * Maven profile).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadHandlersIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private final TestClients clients = new TestClients();

	@BeforeAll
	static void startServer() {
		context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "spring.threads.virtual.enabled=true")
			.run();
		port = context.getBean(IoServer.class).port();
	}

	@AfterAll
	static void stopServer() {
		context.close();
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void handlersRunOnVirtualThreadsInArrivalOrderPerSocket(String transport) throws Exception {
		context.getBean(Where.class).order().clear();
		Socket socket = this.clients.connect(port, transport, "/", null);
		List<CompletableFuture<Object[]>> acks = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			CompletableFuture<Object[]> answer = new CompletableFuture<>();
			socket.emit("where", new Object[] { i }, (Ack) answer::complete);
			acks.add(answer);
		}
		for (int i = 0; i < acks.size(); i++) {
			Object[] answer = acks.get(i).get(TIMEOUT, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(answer[0]).hasToString("virtual:" + i);
		}
		assertThat(context.getBean(Where.class).order()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
				13, 14, 15, 16, 17, 18, 19);
		assertThat(ack(socket, "name")[0].toString()).startsWith("io-handler-");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class TestApplication {

		@Bean
		Where where() {
			return new Where();
		}

	}

	static class Where {

		private final List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();

		List<Integer> order() {
			return this.order;
		}

		@IoEvent("where")
		String where(int index) throws Exception {
			// a little blocking, as a JDBC call would, so that later events wait for it
			Thread.sleep(2);
			this.order.add(index);
			Method isVirtual = Thread.class.getMethod("isVirtual");
			return ((boolean) isVirtual.invoke(Thread.currentThread()) ? "virtual:" : "platform:") + index;
		}

		@IoEvent("name")
		String name() {
			return Thread.currentThread().getName();
		}

	}

}
