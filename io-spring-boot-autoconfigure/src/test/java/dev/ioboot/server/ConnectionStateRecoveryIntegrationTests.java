package dev.ioboot.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.json.JSONArray;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.Io;
import dev.ioboot.IoMiddleware;
import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoEvent;
import dev.ioboot.testsupport.RawEngineIoClient;
import dev.ioboot.testsupport.RawEngineIoClient.RawWebSocket;

import static dev.ioboot.testsupport.RawSocketIo.ack;
import static dev.ioboot.testsupport.RawSocketIo.connectPayload;
import static dev.ioboot.testsupport.RawSocketIo.event;
import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection state recovery on one node, packet by packet with a raw websocket client doing
 * what socket.io-client 4.8 does: CONNECT answered with a {@code pid}, broadcasts carrying an
 * offset as their last argument, and a CONNECT with {@code pid} and {@code offset} after a
 * dropped connection that brings back the id, rooms, data and the missed packets, in order,
 * before the CONNECT.
 */
class ConnectionStateRecoveryIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private RawEngineIoClient client;

	@BeforeAll
	static void startServer() {
		context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0",
					"io.socket.server-options.connection-state-recovery.enabled=true")
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
		context.getBean(Events.class).clear();
	}

	@AfterEach
	void shutdownClient() {
		this.client.shutdown();
	}

	@Test
	void droppedClientComesBackWithItsIdRoomsDataAndMissedPackets() throws Exception {
		RawWebSocket first = this.client.webSocket();
		JSONObject connected = connectPayload(first.connect("40"));
		String sid = connected.getString("sid");
		String pid = connected.getString("pid");
		assertThat(ack(first, 1, "[\"join\",\"room-a\"]")).isEqualTo("[true]");
		assertThat(ack(first, 2, "[\"remember\",\"color\",\"blue\"]")).isEqualTo("[true]");
		Io io = context.getBean(Io.class);
		io.to("room-a").emit("news", 1);
		JSONArray news1 = event(first.nextText());
		assertThat(news1.get(0)).isEqualTo("news");
		assertThat(news1.get(1)).isEqualTo(1);
		String offset = news1.getString(2);

		first.abort();
		assertThat(context.getBean(Events.class).disconnects.poll(TIMEOUT, TimeUnit.SECONDS))
			.isEqualTo(sid + " transport close");
		io.to("room-a").emit("news", 2);
		io.to("room-b").emit("elsewhere", "not for it");
		io.except("room-a").emit("all-but-a", "not for it");
		io.emit("all", "x");
		io.to("room-a").emit("news", 3);

		RawWebSocket second = this.client.webSocket();
		second.send("40" + new JSONObject(Map.of("pid", pid, "offset", offset)));
		JSONArray missed1 = event(second.nextText());
		JSONArray missed2 = event(second.nextText());
		JSONArray missed3 = event(second.nextText());
		assertThat(List.of(missed1.get(0), missed1.get(1))).containsExactly("news", 2);
		assertThat(List.of(missed2.get(0), missed2.get(1))).containsExactly("all", "x");
		assertThat(List.of(missed3.get(0), missed3.get(1))).containsExactly("news", 3);
		JSONObject reconnected = connectPayload(second.nextText());
		assertThat(reconnected.getString("sid")).isEqualTo(sid);
		assertThat(reconnected.getString("pid")).isEqualTo(pid);
		JSONObject state = new JSONArray(ack(second, 3, "[\"state\"]")).getJSONObject(0);
		assertThat(state.getBoolean("recovered")).isTrue();
		assertThat(state.getString("color")).isEqualTo("blue");
		assertThat(state.getBoolean("inRoomA")).isTrue();
		io.to("room-a").emit("news", 4);
		JSONArray live = event(second.nextText());
		assertThat(List.of(live.get(0), live.get(1))).as("live broadcasts reach it once").containsExactly("news", 4);
		assertThat(context.getBean(Events.class).middlewareRuns).as("middlewares skipped on recovery").isEqualTo(1);
	}

	@Test
	void packetsToTheSocketItselfAreRecoveredToo() throws Exception {
		RawWebSocket first = this.client.webSocket();
		JSONObject connected = connectPayload(first.connect("40"));
		IoSocket socket = context.getBean(Io.class).socket("/", connected.getString("sid")).orElseThrow();
		socket.emit("direct", "a");
		String offset = event(first.nextText()).getString(2);
		first.abort();
		assertThat(context.getBean(Events.class).disconnects.poll(TIMEOUT, TimeUnit.SECONDS)).endsWith("transport close");
		socket.emit("direct", "through the socket while it was away");
		context.getBean(Io.class).to(connected.getString("sid")).emit("direct", "b");

		RawWebSocket second = this.client.webSocket();
		second.send("40" + new JSONObject(Map.of("pid", connected.getString("pid"), "offset", offset)));
		// as in socket.io, an emit on the socket while it is away is kept for it, like a
		// broadcast to its own room
		assertThat(event(second.nextText()).get(1)).isEqualTo("through the socket while it was away");
		assertThat(event(second.nextText()).get(1)).isEqualTo("b");
		assertThat(connectPayload(second.nextText()).getString("sid")).isEqualTo(connected.getString("sid"));
	}

	@Test
	void clientThatLeftItsNamespaceIsNotRecovered() throws Exception {
		RawWebSocket first = this.client.webSocket();
		JSONObject connected = connectPayload(first.connect("40"));
		context.getBean(Io.class).emit("tick", 1);
		String offset = event(first.nextText()).getString(2);
		first.send("41");
		assertThat(context.getBean(Events.class).disconnects.poll(TIMEOUT, TimeUnit.SECONDS))
			.endsWith("client namespace disconnect");
		first.close();
		RawWebSocket second = this.client.webSocket();
		JSONObject again = connectPayload(
				second.connect("40" + new JSONObject(Map.of("pid", connected.getString("pid"), "offset", offset))));
		assertThat(again.getString("sid")).isNotEqualTo(connected.getString("sid"));
		assertThat(again.getString("pid")).isNotEqualTo(connected.getString("pid"));
		assertThat(new JSONArray(ack(second, 1, "[\"state\"]")).getJSONObject(0).getBoolean("recovered")).isFalse();
		assertThat(context.getBean(Events.class).middlewareRuns).isEqualTo(2);
	}

	@Test
	void unknownSessionOrOffsetGivesANewSocket() throws Exception {
		RawWebSocket first = this.client.webSocket();
		JSONObject connected = connectPayload(first.connect("40"));
		first.abort();
		assertThat(context.getBean(Events.class).disconnects.poll(TIMEOUT, TimeUnit.SECONDS)).endsWith("transport close");
		RawWebSocket second = this.client.webSocket();
		JSONObject withUnknownOffset = connectPayload(second
			.connect("40" + new JSONObject(Map.of("pid", connected.getString("pid"), "offset", "someone-else-1"))));
		assertThat(withUnknownOffset.getString("sid")).isNotEqualTo(connected.getString("sid"));
		RawWebSocket third = this.client.webSocket();
		JSONObject withUnknownPid = connectPayload(
				third.connect("40" + new JSONObject(Map.of("pid", "nobody", "offset", "x-1"))));
		assertThat(withUnknownPid.has("pid")).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IoAutoConfiguration.class)
	static class App {

		@Bean
		Events events() {
			return new Events();
		}

		@Bean
		IoMiddleware counting(Events events) {
			return (socket) -> events.middlewareRuns++;
		}

	}

	static class Events {

		final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();

		volatile int middlewareRuns;

		void clear() {
			this.disconnects.clear();
			this.middlewareRuns = 0;
		}

		@IoEvent("join")
		boolean join(IoSocket socket, String room) {
			socket.join(room);
			return true;
		}

		@IoEvent("remember")
		boolean remember(IoSocket socket, String key, String value) {
			socket.set(key, value);
			return true;
		}

		@IoEvent("state")
		Map<String, Object> state(IoSocket socket) {
			Object color = socket.get("color");
			return Map.of("recovered", socket.recovered(), "color", (color != null) ? color : "none", "inRoomA",
					socket.rooms().contains("room-a"));
		}

		@IoEvent(IoEvent.DISCONNECT)
		void disconnect(IoSocket socket, String reason) {
			this.disconnects.add(socket.id() + " " + reason);
		}

	}

}
