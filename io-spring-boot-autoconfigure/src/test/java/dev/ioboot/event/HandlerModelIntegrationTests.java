package dev.ioboot.event;

import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.socket.client.Ack;
import io.socket.client.Socket;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.ioboot.IoPrincipal;
import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.autoconfigure.IoSecurityAutoConfiguration;
import dev.ioboot.server.IoPrincipalResolver;
import dev.ioboot.server.IoServer;
import dev.ioboot.testsupport.TestClients;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler model against the Java {@code io.socket:socket.io-client}: asynchronous and
 * absent acknowledgements, parameters from the socket, Spring Security, validation,
 * exception handlers, and errors that reach the client only when the application says so.
 * A client authenticates with {@code {"user": ..., "roles": [...]}} in its auth payload.
 */
@ExtendWith(OutputCaptureExtension.class)
class HandlerModelIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private final TestClients clients = new TestClients();

	@BeforeAll
	static void startServer() {
		context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0")
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

	private Socket connect(String transport, Map<String, String> auth) throws InterruptedException {
		return this.clients.connect(port, transport, "/", auth);
	}

	private static Map<String, String> user(String name, String roles) {
		return Map.of("user", name, "roles", roles);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void completableFutureAndMonoAcknowledgeWhenTheyComplete(String transport) throws Exception {
		Socket socket = connect(transport, null);
		Object[] future = ack(socket, "future", "a", 2);
		assertThat(future).hasSize(1);
		assertThat(future[0]).hasToString("[\"a\",2]");
		assertThat(ack(socket, "mono", "x")).containsExactly("x");
		assertThat(ack(socket, "failed-future")[0]).hasToString("{\"error\":\"late refusal\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void aNullReturnValueAcknowledgesWithNull(String transport) throws Exception {
		Socket socket = connect(transport, null);
		assertThat(ack(socket, "nothing")).containsExactly((Object) null);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void aVoidHandlerThatNeverCallsIoAckSendsNoAcknowledgement(String transport) throws Exception {
		Socket socket = connect(transport, null);
		CompletableFuture<Object[]> silent = new CompletableFuture<>();
		socket.emit("silent", new Object[] { "x" }, (Ack) silent::complete);
		CompletableFuture<Object[]> ignoring = new CompletableFuture<>();
		socket.emit("ignores-ack", new Object[] {}, (Ack) ignoring::complete);
		// events of one socket are handled in order and packets arrive in order: once this
		// acknowledgement is here, the two handlers before it have run, and any
		// acknowledgement they sent would have arrived before it
		assertThat(ack(socket, "mono", "after")).containsExactly("after");
		assertThat(context.getBean(Handlers.class).silentCalls()).contains("x");
		assertThat(silent).as("no acknowledgement for a void handler").isNotDone();
		assertThat(ignoring).as("no acknowledgement when IoAck is never called").isNotDone();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void principalParametersComeFromTheSocketNeverFromThePayload(String transport) throws Exception {
		Socket bob = connect(transport, user("bob", "editor"));
		Socket anonymous = connect(transport, null);
		JSONObject claim = new JSONObject(Map.of("name", "admin", "roles", List.of("editor")));
		assertThat(json(ack(bob, "who", claim)[0])).isEqualTo(Map.of("name", "bob", "roles", List.of("editor"),
				"principal", "bob", "authentication", "bob", "context", "bob"));
		Map<String, Object> nobody = new java.util.HashMap<>();
		nobody.put("name", null);
		nobody.put("roles", List.of("public"));
		nobody.put("principal", null);
		nobody.put("authentication", null);
		nobody.put("context", "anonymousUser");
		assertThat(json(ack(anonymous, "who", claim)[0])).isEqualTo(nobody);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void methodSecuritySeesTheSocketsAuthentication(String transport) throws Exception {
		Socket editor = connect(transport, user("bob", "editor"));
		Socket reader = connect(transport, user("alice", "reader"));
		Socket anonymous = connect(transport, null);
		assertThat(ack(editor, "editor-only")[0]).hasToString("{\"ok\":true}");
		assertThat(ack(reader, "editor-only")[0]).hasToString("{\"error\":\"Forbidden\"}");
		assertThat(ack(anonymous, "editor-only")[0]).hasToString("{\"error\":\"Forbidden\"}");
		assertThat(ack(editor, "editor-later")[0]).hasToString("{\"ok\":\"bob\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void invalidPayloadsNeverReachTheHandler(String transport) throws Exception {
		Socket socket = connect(transport, null);
		int handled = context.getBean(Handlers.class).profiles().size();
		assertThat(ack(socket, "profile", new JSONObject(Map.of("name", "Ada", "age", 36)))[0])
			.hasToString("{\"ok\":\"Ada\"}");
		JSONObject refused = (JSONObject) ack(socket, "profile", new JSONObject(Map.of("name", "", "age", 200)))[0];
		assertThat(refused.getString("error")).isEqualTo("Invalid payload");
		JSONArray details = refused.getJSONArray("details");
		List<String> fields = new ArrayList<>();
		for (int i = 0; i < details.length(); i++) {
			fields.add(details.getJSONObject(i).getString("field"));
			assertThat(details.getJSONObject(i).getString("message")).isNotBlank();
		}
		assertThat(fields).containsExactlyInAnyOrder("name", "age");
		assertThat(json(ack(socket, "profile", "not an object")[0])).isEqualTo(Map.of("error", "Invalid payload",
				"details",
				List.of(Map.of("field", "[0]", "message", "cannot be read as an object of the expected shape"))));
		assertThat(context.getBean(Handlers.class).profiles()).as("only the valid profile reached the handler")
			.hasSize(handled + 1)
			.last()
			.isEqualTo("Ada");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void exceptionsReachTheClientOnlyWhenTheApplicationSaysSo(String transport, CapturedOutput output)
			throws Exception {
		Socket socket = connect(transport, null);
		assertThat(ack(socket, "fail-internal")[0]).hasToString("{\"error\":\"Internal server error\"}");
		assertThat(ack(socket, "fail-public")[0]).hasToString("{\"error\":\"Nope\"}");
		assertThat(json(ack(socket, "fail-local")[0])).isEqualTo(Map.of("error", "handled", "code", 42, "by", "bean"));
		assertThat(json(ack(socket, "fail-advised")[0]))
			.isEqualTo(Map.of("error", "advised", "event", "fail-advised"));
		assertThat(output.getAll().split("password=hunter2", -1)).as("the exception is logged once")
			.hasSize(2);
		assertThat(output.getAll()).contains("Handler for event 'fail-internal' failed on socket " + socket.id())
			.contains("method " + Handlers.class.getName() + ".failInternal()");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void anApplicationArgumentResolverSuppliesItsType(String transport) throws Exception {
		Socket socket = connect(transport, null);
		assertThat(ack(socket, "tenant", "ignored")).containsExactly("tenant-of-" + socket.id());
	}

	/**
	 * Turn what the Java client decoded (org.json values) into plain Java values.
	 */
	private static Object json(Object value) throws Exception {
		if (value instanceof JSONObject object) {
			Map<String, Object> map = new java.util.HashMap<>();
			for (java.util.Iterator<String> keys = object.keys(); keys.hasNext();) {
				String key = keys.next();
				map.put(key, json(object.get(key)));
			}
			return map;
		}
		if (value instanceof JSONArray array) {
			List<Object> list = new ArrayList<>();
			for (int i = 0; i < array.length(); i++) {
				list.add(json(array.get(i)));
			}
			return list;
		}
		return (value == JSONObject.NULL) ? null : value;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IoAutoConfiguration.class, IoSecurityAutoConfiguration.class,
			ValidationAutoConfiguration.class })
	@EnableMethodSecurity
	static class TestApplication {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}

		@Bean
		Advice advice() {
			return new Advice();
		}

		@Bean
		IoPrincipalResolver principalsFromTheAuthPayload() {
			return (handshake) -> {
				Object user = handshake.auth().get("user");
				return (user != null) ? IoPrincipal.user("test", (String) user,
						Set.of(String.valueOf(handshake.auth().get("roles"))), Map.of()) : IoPrincipal.anonymous();
			};
		}

		@Bean
		IoArgumentResolver tenantResolver() {
			return new IoArgumentResolver() {

				@Override
				public boolean supportsParameter(MethodParameter parameter) {
					return parameter.getParameterType() == Tenant.class;
				}

				@Override
				public Object resolveArgument(MethodParameter parameter, IoEventMessage message) {
					return new Tenant("tenant-of-" + message.socket().id());
				}

			};
		}

	}

	record Tenant(String name) {

	}

	record Profile(@NotBlank String name, @Min(0) @Max(150) Integer age) {

	}

	static class LocalFailure extends RuntimeException {

	}

	static class AdvisedFailure extends RuntimeException {

	}

	public static class Handlers {

		final List<String> silentCalls = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<String> profiles = new java.util.concurrent.CopyOnWriteArrayList<>();

		public List<String> silentCalls() {
			return this.silentCalls;
		}

		public List<String> profiles() {
			return this.profiles;
		}

		@IoEvent("future")
		public CompletableFuture<List<Object>> future(Object... args) {
			return CompletableFuture.supplyAsync(() -> List.of(args),
					CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
		}

		@IoEvent("mono")
		public Mono<Object> mono(Object value) {
			return Mono.justOrEmpty(value).delayElement(Duration.ofMillis(20));
		}

		@IoEvent("failed-future")
		public CompletionStage<String> failedFuture() {
			return CompletableFuture.supplyAsync(() -> {
				throw new IoEventException("late refusal");
			});
		}

		@IoEvent("nothing")
		public String nothing() {
			return null;
		}

		@IoEvent("silent")
		public void silent(String value) {
			this.silentCalls.add(value);
		}

		@IoEvent("ignores-ack")
		public void ignoresAck(IoAck ack) {
		}

		@IoEvent("who")
		public Map<String, Object> who(IoPrincipal principal, Principal javaPrincipal, Authentication authentication,
				Object... claims) {
			Map<String, Object> who = new java.util.LinkedHashMap<>();
			who.put("name", principal.name());
			who.put("roles", principal.roles());
			who.put("principal", (javaPrincipal != null) ? javaPrincipal.getName() : null);
			who.put("authentication", (authentication != null) ? authentication.getName() : null);
			who.put("context", SecurityContextHolder.getContext().getAuthentication().getName());
			return who;
		}

		@IoEvent("editor-only")
		@PreAuthorize("hasRole('editor')")
		public Map<String, Boolean> editorOnly() {
			return Map.of("ok", true);
		}

		@IoEvent("editor-later")
		@PreAuthorize("hasRole('editor')")
		public CompletableFuture<Map<String, String>> editorLater(IoSocket socket) {
			return CompletableFuture.supplyAsync(() -> Map.of("ok", socket.principal().name()));
		}

		@IoEvent("profile")
		public Map<String, String> profile(@Valid Profile profile) {
			this.profiles.add(profile.name());
			return Map.of("ok", profile.name());
		}

		@IoEvent("fail-internal")
		public void failInternal() {
			throw new IllegalStateException("jdbc:secret-host password=hunter2");
		}

		@IoEvent("fail-public")
		public void failPublic() {
			throw new IoEventException("Nope");
		}

		@IoEvent("fail-local")
		public void failLocal() {
			throw new LocalFailure();
		}

		@IoEvent("fail-advised")
		public void failAdvised() {
			throw new AdvisedFailure();
		}

		@IoEvent("tenant")
		public String tenant(Tenant tenant, String ignored) {
			return tenant.name();
		}

		@IoExceptionHandler
		public Map<String, Object> local(LocalFailure failure) {
			Map<String, Object> answer = new java.util.LinkedHashMap<>();
			answer.put("error", "handled");
			answer.put("code", 42);
			answer.put("by", "bean");
			return answer;
		}

	}

	@IoControllerAdvice
	static class Advice {

		@IoExceptionHandler(AdvisedFailure.class)
		Map<String, Object> advised(IoEventMessage message) {
			Map<String, Object> answer = new java.util.LinkedHashMap<>();
			answer.put("error", "advised");
			answer.put("event", message.event());
			return answer;
		}

	}

}
