package dev.ioboot.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.ioboot.test.IoTestClient.Transport;
import dev.ioboot.test.TestApplication.Greeting;
import dev.ioboot.test.TestApplication.Person;
import dev.ioboot.test.autoconfigure.AutoConfigureIoTestClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link IoTestClient} against a real server on a random port.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "io.socket.server-options.port=0", "io.namespaces=/,/admin" })
@AutoConfigureIoTestClient
class IoTestClientIntegrationTests {

	@Autowired
	IoTestClient client;

	@ParameterizedTest
	@EnumSource(Transport.class)
	void emitWithAckAssertsTheAcknowledgement(Transport transport) {
		try (IoTestSession session = this.client.mutate().transport(transport).build().connect()) {
			assertThat(session.id()).isNotBlank();
			session.emitWithAck("echo", "hi", 42, Map.of("a", List.of(1, 2)), null)
				.isEqualTo("hi", 42, Map.of("a", List.of(1, 2)), null);
			session.emitWithAck("echo", new byte[] { 1, 2, 3 }).value().isEqualTo(new byte[] { 1, 2, 3 });
		}
	}

	@Test
	void argumentsAreConvertedLikeHandlerParameters() {
		try (IoTestSession session = this.client.connect()) {
			IoPayloadSpec ack = session.emitWithAck("greet", new Person("Ada", 36));
			ack.isEqualTo(Map.of("text", "Hello Ada", "nextAge", 37, "people", List.of(Map.of("name", "Ada", "age", 36))));
			ack.asType(Greeting.class).isEqualTo(new Greeting("Hello Ada", 37, List.of(new Person("Ada", 36))));
			ack.extracting("people[0].name").isEqualTo("Ada");
			ack.extracting("nextAge").isEqualTo(37);
			assertThat(ack.convert(Greeting.class).text()).isEqualTo("Hello Ada");
			ack.satisfies((args) -> assertThat(args).hasSize(1));
		}
	}

	@Test
	void errorAcknowledgementsAreAsserted() {
		try (IoTestSession session = this.client.connect()) {
			session.emitWithAck("fail").extracting("error").isEqualTo("Nope");
		}
	}

	@Test
	void missingAcknowledgementIsAssertedWithinAShortTimeout() {
		try (IoTestSession session = this.client.connect()) {
			session.emitWithAck("quiet", "x").within(Duration.ofMillis(300)).isNotReceived();
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> session.emitWithAck("quiet", "x").within(Duration.ofMillis(200)).value())
				.withMessage("Expected acknowledgement of 'quiet' within PT0.2S but none arrived");
		}
	}

	@Test
	void mismatchesFailWithADescription() {
		try (IoTestSession session = this.client.connect()) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> session.emitWithAck("echo", "hi").isEqualTo("ho"))
				.withMessageContaining("acknowledgement of 'echo'")
				.withMessageContaining("ho");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> session.emitWithAck("greet", new Person("Ada", 1)).extracting("people[3].name"))
				.withMessageContaining("to have people[3].name");
		}
	}

	@Test
	void eventsAreTakenInArrivalOrderEvenWhenTheyArrivedFirst() {
		try (IoTestSession session = this.client.connect()) {
			session.emitWithAck("tell-me", "rain").isEqualTo(true);
			session.expectEvent("news").isEqualTo("rain", 1);
			session.expectEvent("news").within(Duration.ofSeconds(1)).args().containsExactly("rain", 2);
			session.expectEvent("news").within(Duration.ofMillis(200)).isNotReceived();
		}
	}

	@Test
	void emitWithoutAcknowledgementReachesTheServer() {
		try (IoTestSession session = this.client.connect()) {
			session.emit("tell-me", "snow").expectEvent("news").value().isEqualTo("snow");
		}
	}

	@Test
	void onAskAnswersTheServersQuestions() {
		try (IoTestSession session = this.client.connect()) {
			session.onAsk("question", (args) -> "answer to " + args.get(0));
			session.emitWithAck("ask-me", "life").isEqualTo("answer to life");
			session.expectEvent("question").isEqualTo("life");
		}
	}

	@Test
	void unansweredQuestionsTimeOutOnTheServer() {
		try (IoTestSession session = this.client.connect()) {
			session.emitWithAck("ask-me", "life").isEqualTo("no answer");
		}
	}

	@Test
	void connectErrorExposesMessageAndData() {
		IoTestClient banned = this.client.mutate().auth("user", "banned").build();
		banned.expectConnectError()
			.hasMessage("You are banned")
			.data()
			.isEqualTo(Map.of("until", "2030-01-01", "appeal", List.of("mail")));
		banned.expectConnectError().extracting("appeal[0]").isEqualTo("mail");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(banned::connect)
			.withMessageContaining("but got connect_error 'You are banned'")
			.withMessageContaining("until=2030-01-01");
	}

	@Test
	void expectConnectErrorFailsWhenTheServerAccepts() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(this.client::expectConnectError)
			.withMessageEndingWith("to refuse the connection but it was accepted");
	}

	@Test
	void unknownNamespaceIsAConnectError() {
		this.client.mutate().namespace("/nowhere").build().expectConnectError().message().isEqualTo("Invalid namespace");
	}

	@Test
	void namespaceAuthHeadersAndQueryReachTheServer() {
		IoTestClient admin = this.client.mutate()
			.namespace("/admin")
			.auth("team", "t-1")
			.header("X-Test", "yes")
			.query("room", "r 1")
			.build();
		try (IoTestSession session = admin.connect()) {
			session.emitWithAck("handshake")
				.isEqualTo(Map.of("namespace", "/admin", "auth", Map.of("team", "t-1"), "header", "yes", "query",
						List.of("r 1")));
		}
	}

	@Test
	void expectDisconnectAssertsTheReason() {
		try (IoTestSession session = this.client.connect()) {
			session.emit("kick-me");
			session.expectDisconnect().isEqualTo("io server disconnect");
			assertThat(session.isConnected()).isFalse();
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> session.expectEvent("news").value())
				.withMessage("Expected event 'news' but the socket disconnected (io server disconnect)");
		}
	}

	@Test
	void reservedEventsCannotBeEmitted() {
		try (IoTestSession session = this.client.connect()) {
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> session.emit("disconnect"));
		}
	}

}
