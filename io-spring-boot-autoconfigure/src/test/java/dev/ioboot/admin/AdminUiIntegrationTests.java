package dev.ioboot.admin;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.autoconfigure.IoAdminUiAutoConfiguration;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Admin UI instrumentation against the Java {@code socket.io-client}, speaking as
 * {@code @socket.io/admin-ui}'s UI does: log in, config, server stats, sockets, rooms,
 * commands.
 */
class AdminUiIntegrationTests {

	/** bcrypt of "admin-pass", made by bcryptjs as the admin UI's documentation shows. */
	static final String HASH = "$2a$10$.86GuYEqbzm3vo0dVehIROAfEPQWn95UT0F05rd7tBRdc5nPmVHbW";

	private final TestClients clients = new TestClients();

	private ConfigurableApplicationContext context;

	private int port;

	@AfterEach
	void stop() {
		this.clients.closeAll();
		if (this.context != null) {
			this.context.close();
		}
	}

	private void start(String... properties) {
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "io.admin-ui.enabled=true", "io.admin-ui.auth.username=admin",
					"io.admin-ui.auth.password-hash=" + HASH, "io.admin-ui.server-id=node-a")
			.properties(properties)
			.run();
		this.port = this.context.getBean(IoServer.class).port();
	}

	private Socket admin(Map<String, String> auth, BlockingQueue<Object[]> received, String... events) {
		Socket socket = this.clients.socket(this.port, "websocket", "/admin", auth);
		for (String event : events) {
			socket.on(event, (args) -> received.add(prepend(event, args)));
		}
		return socket;
	}

	private static java.util.List<Object> list(JSONArray array) {
		java.util.List<Object> list = new java.util.ArrayList<>();
		for (int i = 0; i < array.length(); i++) {
			list.add(array.opt(i));
		}
		return list;
	}

	private static Object[] prepend(String event, Object[] args) {
		Object[] all = new Object[args.length + 1];
		all[0] = event;
		System.arraycopy(args, 0, all, 1, args.length);
		return all;
	}

	private static Object[] next(BlockingQueue<Object[]> queue, String event) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT);
		while (System.nanoTime() < deadline) {
			Object[] item = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (item != null && item[0].equals(event)) {
				return item;
			}
		}
		throw new AssertionError("no " + event + " in time");
	}

	@Test
	void wrongCredentialsAreRefusedAsTheAdminUiServerDoes() throws Exception {
		start();
		for (Map<String, String> auth : new Map[] { Map.of("username", "admin", "password", "nope"),
				Map.of("username", "root", "password", "admin-pass"), Map.of() }) {
			Socket socket = this.clients.socket(this.port, "websocket", "/admin", auth);
			BlockingQueue<String> error = new LinkedBlockingQueue<>();
			socket.on(Socket.EVENT_CONNECT_ERROR, (args) -> error.add(((JSONObject) args[0]).optString("message")));
			socket.connect();
			assertThat(error.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("invalid credentials");
		}
	}

	@Test
	void loggedInUiReceivesItsSessionConfigSocketsAndStats() throws Exception {
		start("io.admin-ui.mode=development");
		Socket user = this.clients.connect(this.port, "polling", "/", null);
		BlockingQueue<Object[]> received = new LinkedBlockingQueue<>();
		Socket ui = admin(Map.of("username", "admin", "password", "admin-pass"), received, "session", "config",
				"all_sockets", "server_stats");
		TestClients.awaitConnect(ui);
		String sessionId = (String) next(received, "session")[1];
		assertThat(sessionId).matches("[0-9a-f]{16}");
		JSONObject config = (JSONObject) next(received, "config")[1];
		assertThat(list(config.getJSONArray("supportedFeatures"))).containsExactly("EMIT", "JOIN", "LEAVE",
				"DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS");
		JSONArray sockets = (JSONArray) next(received, "all_sockets")[1];
		JSONObject described = null;
		for (int i = 0; i < sockets.length(); i++) {
			if (sockets.getJSONObject(i).getString("id").equals(user.id())) {
				described = sockets.getJSONObject(i);
			}
		}
		assertThat(described).as("the user socket among " + sockets).isNotNull();
		assertThat(described.getString("nsp")).isEqualTo("/");
		assertThat(described.getString("transport")).isEqualTo("polling");
		assertThat(described.getString("clientId")).hasSize(12);
		assertThat(list(described.getJSONArray("rooms"))).containsExactlyInAnyOrder(user.id(), "io-role-public");
		assertThat(described.getJSONObject("data").length()).as("_admin is not shown").isZero();
		JSONObject handshake = described.getJSONObject("handshake");
		assertThat(handshake.getString("address")).isNotEmpty();
		assertThat(handshake.getJSONObject("query").getString("EIO")).isEqualTo("4");
		assertThat(handshake.getLong("issued")).isPositive();
		JSONObject stats = (JSONObject) next(received, "server_stats")[1];
		assertThat(stats.getString("serverId")).isEqualTo("node-a");
		assertThat(stats.getLong("pid")).isEqualTo(ProcessHandle.current().pid());
		assertThat(stats.getInt("clientsCount")).isEqualTo(2);
		assertThat(stats.getInt("pollingClientsCount")).isEqualTo(1);
		assertThat(stats.getDouble("uptime")).isPositive();
		JSONArray aggregated = stats.getJSONArray("aggregatedEvents");
		Map<String, Integer> totals = new java.util.HashMap<>();
		for (int i = 0; i < aggregated.length(); i++) {
			JSONObject event = aggregated.getJSONObject(i);
			totals.merge(event.getString("type"), event.getInt("count"), Integer::sum);
		}
		assertThat(totals).containsKeys("rawConnection", "packetsIn", "packetsOut", "bytesIn", "bytesOut");
		assertThat(totals.get("bytesOut")).as("bytes counted, not messages").isGreaterThan(totals.get("packetsOut"));
		Map<String, Integer> namespaces = new java.util.HashMap<>();
		JSONArray listed = stats.getJSONArray("namespaces");
		for (int i = 0; i < listed.length(); i++) {
			namespaces.put(listed.getJSONObject(i).getString("name"), listed.getJSONObject(i).getInt("socketsCount"));
		}
		assertThat(namespaces).isEqualTo(Map.of("/", 1, "/admin", 1));

		BlockingQueue<Object[]> again = new LinkedBlockingQueue<>();
		Socket back = admin(Map.of("sessionId", sessionId), again, "config");
		TestClients.awaitConnect(back);
		assertThat(next(again, "config")).isNotNull();
	}

	@Test
	void developmentModeTellsConnectionsRoomsAndEvents() throws Exception {
		start("io.admin-ui.mode=development");
		BlockingQueue<Object[]> received = new LinkedBlockingQueue<>();
		Socket ui = admin(Map.of("username", "admin", "password", "admin-pass"), received, "socket_connected",
				"room_joined", "room_left", "event_received", "socket_disconnected");
		TestClients.awaitConnect(ui);
		Socket user = this.clients.connect(this.port, "websocket", "/", null);
		Object[] connected = next(received, "socket_connected");
		while (!((JSONObject) connected[1]).getString("id").equals(user.id())) {
			connected = next(received, "socket_connected");
		}
		assertThat(((JSONObject) connected[1]).getString("transport")).isEqualTo("websocket");
		assertThat((String) connected[2]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
		user.emit("hello", "world", 42);
		Object[] event = next(received, "event_received");
		assertThat(event[1]).isEqualTo("/");
		assertThat(event[2]).isEqualTo(user.id());
		assertThat(list(((JSONArray) event[3]))).containsExactly("hello", "world", 42);

		ui.emit("join", "/", "lobby", user.id());
		Object[] joined = next(received, "room_joined");
		while (!joined[2].equals("lobby")) {
			joined = next(received, "room_joined");
		}
		assertThat(joined[1]).isEqualTo("/");
		assertThat(joined[3]).isEqualTo(user.id());
		ui.emit("leave", "/", "lobby");
		Object[] left = next(received, "room_left");
		assertThat(left[2]).isEqualTo("lobby");

		String userId = user.id();
		BlockingQueue<String> userGone = new LinkedBlockingQueue<>();
		user.on(Socket.EVENT_DISCONNECT, (args) -> userGone.add(String.valueOf(args[0])));
		ui.emit("_disconnect", "/", false, userId);
		assertThat(userGone.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
		Object[] disconnected = next(received, "socket_disconnected");
		assertThat(disconnected[1]).isEqualTo("/");
		assertThat(disconnected[2]).isEqualTo(userId);
		assertThat(disconnected[3]).isEqualTo("server namespace disconnect");
	}

	@Test
	void anUpgradeIsTold() throws Exception {
		start("io.admin-ui.mode=development");
		BlockingQueue<Object[]> received = new LinkedBlockingQueue<>();
		Socket ui = admin(Map.of("username", "admin", "password", "admin-pass"), received, "socket_updated",
				"server_stats");
		TestClients.awaitConnect(ui);
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { "polling", "websocket" })
			.setReconnection(false)
			.setForceNew(true)
			.build();
		Socket user = IO.socket(java.net.URI.create("http://127.0.0.1:" + this.port), options);
		try {
			TestClients.awaitConnect(user);
			String id = user.id();
			Object[] updated = next(received, "socket_updated");
			assertThat(((JSONObject) updated[1]).getString("id")).isEqualTo(id);
			assertThat(((JSONObject) updated[1]).getString("nsp")).isEqualTo("/");
			assertThat(((JSONObject) updated[1]).getString("transport")).isEqualTo("websocket");
			JSONObject stats = (JSONObject) next(received, "server_stats")[1];
			assertThat(stats.getInt("clientsCount")).isEqualTo(2);
			assertThat(stats.getInt("pollingClientsCount")).isZero();
		}
		finally {
			user.close();
		}
	}

	@Test
	void readOnlyUiCannotChangeAnything() throws Exception {
		start("io.admin-ui.read-only=true");
		BlockingQueue<Object[]> received = new LinkedBlockingQueue<>();
		Socket ui = admin(Map.of("username", "admin", "password", "admin-pass"), received, "config");
		TestClients.awaitConnect(ui);
		JSONObject config = (JSONObject) next(received, "config")[1];
		assertThat(list(config.getJSONArray("supportedFeatures"))).containsExactly("AGGREGATED_EVENTS");
		Socket user = this.clients.connect(this.port, "websocket", "/", null);
		BlockingQueue<String> userGone = new LinkedBlockingQueue<>();
		user.on(Socket.EVENT_DISCONNECT, (args) -> userGone.add(String.valueOf(args[0])));
		ui.emit("join", "/", "lobby");
		ui.emit("_disconnect", "/", true);
		// a marker command after them: once the UI's later event was handled, so were they
		BlockingQueue<Object[]> stats = new LinkedBlockingQueue<>();
		ui.on("server_stats", (args) -> stats.add(args));
		Object[] next = stats.poll(TIMEOUT, TimeUnit.SECONDS);
		assertThat(next).isNotNull();
		IoServer server = this.context.getBean(IoServer.class);
		assertThat(server.rooms("/")).doesNotContain("lobby");
		assertThat(userGone).isEmpty();
		assertThat(user.connected()).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IoAutoConfiguration.class, IoAdminUiAutoConfiguration.class })
	static class App {

	}

}
