package dev.ioboot.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ioboot.sample.user.UserView;
import dev.ioboot.test.IoPayloadSpec;
import dev.ioboot.test.IoTestClient;
import dev.ioboot.test.IoTestClient.Transport;
import dev.ioboot.test.IoTestSession;
import dev.ioboot.test.autoconfigure.AutoConfigureIoTestClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

/**
 * The sample's events, tested as an application tests its own handlers: the whole
 * application on random ports, a real Socket.IO client from io-spring-boot-test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "io.socket.server-options.port=0")
@AutoConfigureIoTestClient
class SampleEventsTests {

	@Autowired
	IoTestClient client;

	@LocalServerPort
	int webPort;

	@Test
	void echoAcknowledgesWithTheArguments() {
		for (Transport transport : Transport.values()) {
			try (IoTestSession session = this.client.mutate().transport(transport).build().connect()) {
				session.emitWithAck("echo", "hi", 42, Map.of("nested", List.of(true))).isEqualTo("hi", 42,
						Map.of("nested", List.of(true)));
			}
		}
	}

	@Test
	void updateUserNameRenamesTheUser() {
		try (IoTestSession session = this.client.connect()) {
			session.emitWithAck("update-user-name", 3, "Caroline")
				.asType(UserView.class)
				.isEqualTo(new UserView(3L, "Caroline"));
			session.emitWithAck("update-user-name", 42, "Nobody").isEqualTo(Map.of("error", "User 42 not found"));
		}
	}

	@Test
	void boomAcknowledgesWithItsError() {
		try (IoTestSession session = this.client.connect()) {
			session.emitWithAck("boom").isEqualTo(Map.of("error", "boom"));
			session.emitWithAck("fail-internal").extracting("error").isEqualTo("Internal server error");
		}
	}

	@Test
	void askMeForwardsTheClientsAnswer() {
		try (IoTestSession session = this.client.connect()) {
			session.onAsk("question", (args) -> "forty-two");
			session.emitWithAck("ask-me").isEqualTo("forty-two");
		}
	}

	@Test
	void askMeTimesOutWhenTheClientDoesNotAnswer() {
		try (IoTestSession session = this.client.connect()) {
			session.emitWithAck("ask-me").isEqualTo(Map.of("error", "timeout"));
		}
	}

	@Test
	void pollRoomCollectsTheAnswersOfTheRoom() {
		try (IoTestSession ann = this.client.connect(); IoTestSession ben = this.client.connect();
				IoTestSession host = this.client.connect()) {
			ann.onAsk("vote?", (args) -> "ann: yes");
			ben.onAsk("vote?", (args) -> "ben: no");
			ann.emitWithAck("join", "poll-1").isEqualTo(true);
			ben.emitWithAck("join", "poll-1").isEqualTo(true);
			host.emitWithAck("poll-room", "poll-1", 2000)
				.value()
				.asInstanceOf(LIST)
				.containsExactlyInAnyOrder("ann: yes", "ben: no");
			host.emitWithAck("poll-room", "nobody-here", 100).isEqualTo(List.of());
		}
	}

	@Test
	void createProfileValidatesItsPayload() {
		try (IoTestSession session = this.client.connect()) {
			session.emitWithAck("create-profile", Map.of("name", "Ada", "age", 36))
				.isEqualTo(Map.of("ok", true, "name", "Ada"));
			IoPayloadSpec invalid = session.emitWithAck("create-profile", Map.of("name", " ", "age", 200));
			invalid.extracting("error").isEqualTo("Invalid payload");
			invalid.extracting("details")
				.asInstanceOf(LIST)
				.extracting("field")
				.containsExactlyInAnyOrder("name", "age");
		}
	}

	@Test
	void oldClientVersionsAreRefusedWithAConnectError() {
		this.client.mutate()
			.auth("clientVersion", "0.9.0")
			.build()
			.expectConnectError()
			.hasMessage("Client version 0.9.0 is no longer supported, please update")
			.data()
			.isEqualTo(Map.of("minimumVersion", "1.0.0", "clientVersion", "0.9.0"));
		try (IoTestSession session = this.client.mutate().header("X-Client-Version", "2.1.0").build().connect()) {
			session.emitWithAck("whoami").extracting("clientVersion").isEqualTo("2.1.0");
		}
	}

	@Test
	void privateEventsAreRefusedWithAnErrorEvent() {
		try (IoTestSession session = this.client.connect()) {
			IoPayloadSpec ack = session.emitWithAck("private-x", 1);
			session.expectEvent("error").isEqualTo(Map.of("message", "Event private-x is not allowed"));
			ack.within(Duration.ofMillis(300)).isNotReceived();
		}
	}

	@Test
	void pingMeAnswersWithAnEvent() {
		try (IoTestSession session = this.client.connect()) {
			session.emit("ping-me", "marco", 1);
			session.expectEvent("pong-you").isEqualTo("marco", 1);
		}
	}

	@Test
	void theJournalOfEventsKeepsTheLastHundredNames() {
		try (IoTestSession session = this.client.connect()) {
			for (int i = 0; i < 120; i++) {
				session.emitWithAck("echo", i).isEqualTo(i);
			}
			session.emitWithAck("my-events").satisfies((args) -> assertThat(args.get(0)).asInstanceOf(LIST)
				.hasSize(100)
				.endsWith("echo", "my-events"));
		}
	}

	@Test
	void aJwtFromTheLoginAuthenticatesTheSocket() {
		String jwt = login("bob", "bob-pass");
		try (IoTestSession bob = this.client.mutate().auth(Map.of("strategy", "jwt", "token", jwt)).build().connect();
				IoTestSession anonymous = this.client.connect()) {
			bob.emitWithAck("who-am-i-param").extracting("name").isEqualTo("bob");
			bob.emitWithAck("editor-only").isEqualTo(Map.of("ok", true));
			anonymous.emitWithAck("editor-only").isEqualTo(Map.of("error", "Forbidden"));
		}
		this.client.mutate().auth("token", jwt + "x").build().expectConnectError().hasMessage("Invalid credentials");
	}

	private String login(String identifier, String password) {
		Map<String, Object> response = RestClient.create("http://127.0.0.1:" + this.webPort)
			.post()
			.uri("/api/auth/local")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("identifier", identifier, "password", password))
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(response).containsKey("jwt");
		return (String) response.get("jwt");
	}

}
