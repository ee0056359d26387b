package dev.ioboot.server;

import java.util.List;

import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.Io;
import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.testsupport.RawEngineIoClient;
import dev.ioboot.testsupport.RawEngineIoClient.RawPolling;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flags of emits and broadcasts, over a raw polling session whose GETs the test decides:
 * socket.io's {@code volatile} ({@code droppable()}) drops a packet when no GET is waiting.
 */
class EmitFlagsIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private RawEngineIoClient client;

	@BeforeAll
	static void startServer() {
		context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0")
			.run();
		port = context.getBean(IoServer.class).port();
	}

	@AfterAll
	static void stopServer() {
		context.close();
	}

	@BeforeEach
	void newClient() {
		this.client = new RawEngineIoClient(port);
	}

	@AfterEach
	void shutdownClient() {
		this.client.shutdown();
	}

	@Test
	void droppablePacketsAreDroppedWhileNoPollIsWaiting() throws Exception {
		RawPolling polling = this.client.polling();
		List<String> connected = polling.connect("40");
		String sid = new JSONObject(connected.get(0).substring(2)).getString("sid");
		Io io = context.getBean(Io.class);
		IoSocket socket = io.socket("/", sid).orElseThrow();
		socket.droppable().emit("position", 1);
		io.droppable().emit("position", 2);
		io.to(sid).droppable().emit("position", 3);
		socket.emit("kept", "socket");
		io.emit("kept", "broadcast");
		assertThat(polling.poll()).containsExactly("42[\"kept\",\"socket\"]", "42[\"kept\",\"broadcast\"]");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class App {

	}

}
