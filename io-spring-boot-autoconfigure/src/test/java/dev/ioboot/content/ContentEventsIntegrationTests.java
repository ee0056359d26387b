package dev.ioboot.content;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import dev.ioboot.content.app.Author;
import dev.ioboot.content.app.ContentTestApplication;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Content events of a JPA application (H2, Hibernate, Jackson 3) reaching real Java
 * {@code socket.io-client} sockets, authenticated with JWTs and API tokens.
 */
class ContentEventsIntegrationTests {

	private static final String DASHBOARD_TOKEN = "dashboard-token-value";

	private static ConfigurableApplicationContext context;

	private static int port;

	private final TestClients clients = new TestClients();

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(ContentTestApplication.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "spring.jpa.open-in-view=false",
					"io.content-types[0].type=post", "io.content-types[0].roles=editor",
					"io.content-types[0].exclude-fields=internal", "io.content-types[1]=author",
					"io.security.api-tokens[0].name=dashboard", "io.security.api-tokens[0].token=" + DASHBOARD_TOKEN,
					"io.security.api-tokens[0].content-types=post")
			.run();
		port = context.getBean(IoServer.class).port();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
	}

	@Test
	void editorReceivesSanitizedPostEventsAfterCommit() throws Exception {
		BlockingQueue<JSONObject> events = new LinkedBlockingQueue<>();
		Socket editor = listen(Map.of("token", jwt("bob", List.of("authenticated", "editor"), 60)), events,
				"post:create", "post:update", "post:delete");
		ContentTestApplication.Writes writes = context.getBean(ContentTestApplication.Writes.class);
		Author author = writes.author("ann");
		long postId = writes.post("Hello", author.getId(), false).getId();

		JSONObject created = take(events);
		assertThat(created.getString("event")).isEqualTo("post:create");
		JSONObject data = created.getJSONObject("data");
		assertThat(data.getLong("id")).isEqualTo(postId);
		assertThat(data.getString("title")).isEqualTo("Hello");
		assertThat(data.has("internal")).as("excluded field").isFalse();
		assertThat(data.has("draft")).as("@JsonIgnore field").isFalse();
		JSONObject lazyAuthor = data.getJSONObject("author");
		assertThat(lazyAuthor.length()).as("lazy relation: id only, got " + lazyAuthor).isOne();
		assertThat(lazyAuthor.getLong("id")).isEqualTo(author.getId());
		assertThat(data.getJSONObject("tags").length()).isZero();

		writes.rename(postId, "Hello again");
		JSONObject updated = take(events);
		assertThat(updated.getString("event")).isEqualTo("post:update");
		assertThat(updated.getJSONObject("data").getString("title")).isEqualTo("Hello again");
		assertThat(updated.getJSONObject("data").has("tags")).as("collection not loaded: left out").isFalse();

		writes.delete(postId);
		JSONObject deleted = take(events);
		assertThat(deleted.getString("event")).isEqualTo("post:delete");
		assertThat(deleted.getJSONObject("data").getString("title")).isEqualTo("Hello again");
		assertThat(editor.connected()).isTrue();
	}

	@Test
	void rolledBackWriteAnnouncesNothing() throws Exception {
		BlockingQueue<JSONObject> events = new LinkedBlockingQueue<>();
		listen(Map.of("strategy", "api-token", "token", DASHBOARD_TOKEN), events, "post:create");
		ContentTestApplication.Writes writes = context.getBean(ContentTestApplication.Writes.class);
		long authorId = writes.author("rollback").getId();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> writes.post("never committed", authorId, true));
		writes.post("committed", authorId, false);
		// events of one socket arrive in order: the first one is the committed write's
		assertThat(take(events).getJSONObject("data").getString("title")).isEqualTo("committed");
	}

	@Test
	void sensitiveFieldsNeverLeaveAndRolesDecideWhoReceives() throws Exception {
		BlockingQueue<JSONObject> user = new LinkedBlockingQueue<>();
		BlockingQueue<JSONObject> anonymous = new LinkedBlockingQueue<>();
		listen(Map.of("token", jwt("alice", List.of("authenticated"), 60)), user, "author:create", "post:create");
		listen(null, anonymous, "author:create", "post:create");
		ContentTestApplication.Writes writes = context.getBean(ContentTestApplication.Writes.class);
		Author author = writes.author("carl");
		writes.post("editors only", author.getId(), false);
		// "author" names no roles: every authenticated user; "post" is for editors only
		context.getBean(IoContentPublisher.class).emitContent("author", ContentAction.CREATE, Map.of("id", 0, "name", "marker"));
		JSONObject first = take(user);
		assertThat(first.getString("event")).isEqualTo("author:create");
		JSONObject authorData = first.getJSONObject("data");
		assertThat(authorData.length()).as("id and name, no password: " + authorData).isEqualTo(2);
		assertThat(authorData.getLong("id")).isEqualTo(author.getId());
		assertThat(authorData.getString("name")).isEqualTo("carl");
		assertThat(take(user).getJSONObject("data").getString("name")).isEqualTo("marker");
		assertThat(anonymous).isEmpty();
	}

	@Test
	void subscriptionIsRefusedForATypeTheSocketMayNotRead() throws Exception {
		Socket user = this.clients.connect(port, "websocket", "/",
				Map.of("token", jwt("alice", List.of("authenticated"), 60)));
		Object[] refused = ack(user, "subscribe-entity", new JSONObject(Map.of("type", "post", "id", 1)));
		assertThat(((JSONObject) refused[0]).getString("error")).isEqualTo("Forbidden");
		Object[] accepted = ack(user, "subscribe-entity", new JSONObject(Map.of("type", "author", "id", 1)));
		assertThat(((JSONObject) accepted[0]).getBoolean("ok")).isTrue();
	}

	@Test
	void expiredAndForgedTokensAreRefused() throws Exception {
		assertThat(connectError(Map.of("strategy", "jwt", "token", jwt("bob", List.of("editor"), -60))))
			.isEqualTo("Token expired");
		assertThat(connectError(Map.of("strategy", "jwt", "token", jwt("bob", List.of("editor"), 60) + "x")))
			.isEqualTo("Invalid credentials");
		assertThat(connectError(Map.of("strategy", "api-token", "token", "wrong"))).isEqualTo("Invalid credentials");
	}

	private String connectError(Map<String, String> auth) throws InterruptedException {
		Socket socket = this.clients.socket(port, "websocket", "/", auth);
		BlockingQueue<String> errors = new LinkedBlockingQueue<>();
		socket.on(Socket.EVENT_CONNECT_ERROR, (args) -> errors.add(((JSONObject) args[0]).optString("message")));
		socket.on(Socket.EVENT_CONNECT, (args) -> errors.add("connected"));
		socket.connect();
		return errors.poll(TIMEOUT, TimeUnit.SECONDS);
	}

	private Socket listen(Map<String, String> auth, BlockingQueue<JSONObject> events, String... names)
			throws InterruptedException {
		Socket socket = this.clients.socket(port, "websocket", "/", auth);
		for (String name : names) {
			socket.on(name, (args) -> {
				try {
					events.add(((JSONObject) args[0]).put("event", name));
				}
				catch (org.json.JSONException ex) {
					throw new IllegalStateException(ex);
				}
			});
		}
		TestClients.awaitConnect(socket);
		return socket;
	}

	private static JSONObject take(BlockingQueue<JSONObject> events) throws InterruptedException {
		JSONObject event = events.poll(TIMEOUT, TimeUnit.SECONDS);
		assertThat(event).as("event within " + TIMEOUT + " s").isNotNull();
		return event;
	}

	static String jwt(String subject, List<String> roles, long validSeconds) {
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.claim("roles", roles)
			.issuedAt(now.minusSeconds(120))
			.expiresAt(now.plusSeconds(validSeconds))
			.build();
		return new NimbusJwtEncoder(new ImmutableSecret<>(ContentTestApplication.KEY))
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

}
