package dev.ioboot.server;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoAck;
import dev.ioboot.event.IoEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server against the Java {@code io.socket:socket.io-client}, over both transports.
 */
class IoServerIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IoAutoConfiguration.class))
		.withUserConfiguration(Handlers.class)
		.withPropertyValues("io.socket.server-options.port=0");

	private Socket socket;

	@AfterEach
	void closeClient() {
		if (this.socket != null) {
			this.socket.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void echoAcksWithTheArguments(String transport) {
		this.runner.run((context) -> {
			IoServer server = context.getBean(IoServer.class);
			this.socket = connect(server.port(), transport);
			CompletableFuture<Object[]> ack = new CompletableFuture<>();
			this.socket.emit("echo", new Object[] { 1, "two", new JSONObject(Map.of("three", 3)) }, ack::complete);
			Object[] args = ack.get(10, TimeUnit.SECONDS);
			assertThat(args).hasSize(3);
			assertThat(args[0]).isEqualTo(1);
			assertThat(args[1]).isEqualTo("two");
			assertThat(((JSONObject) args[2]).getInt("three")).isEqualTo(3);
		});
	}

	private static Socket connect(int port, String transport) throws Exception {
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { transport })
			.setReconnection(false)
			.build();
		Socket socket = IO.socket(URI.create("http://127.0.0.1:" + port), options);
		BlockingQueue<Object> connected = new LinkedBlockingQueue<>();
		socket.once(Socket.EVENT_CONNECT, (args) -> connected.add("connected"));
		socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> connected.add(args[0]));
		socket.connect();
		Object result = connected.poll(10, TimeUnit.SECONDS);
		assertThat(result).isEqualTo("connected");
		return socket;
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		EchoHandler echoHandler() {
			return new EchoHandler();
		}

	}

	static class EchoHandler {

		@IoEvent("echo")
		void echo(IoAck ack, Object... args) {
			ack.send(args);
		}

		@IoEvent("rooms")
		List<String> rooms(IoSocket socket) {
			return List.copyOf(socket.rooms());
		}

	}

}
