package dev.ioboot.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.ioboot.IoConnectException;
import dev.ioboot.IoMiddleware;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoAck;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application the test client is tested against: a few handlers and a middleware.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {

	@Bean
	Handlers handlers() {
		return new Handlers();
	}

	@Bean
	IoMiddleware refuseBanned() {
		return (socket) -> {
			if ("banned".equals(socket.handshake().auth().get("user"))) {
				throw new IoConnectException("You are banned", Map.of("until", "2030-01-01", "appeal", List.of("mail")));
			}
		};
	}

	static class Handlers {

		@IoEvent("echo")
		void echo(IoAck ack, Object... args) {
			ack.send(args);
		}

		@IoEvent("greet")
		Greeting greet(Person person) {
			return new Greeting("Hello " + person.name(), person.age() + 1, List.of(person));
		}

		@IoEvent("fail")
		Object fail() {
			throw new IoEventException("Nope");
		}

		@IoEvent("quiet")
		void quiet(String ignored) {
		}

		@IoEvent("tell-me")
		boolean tellMe(IoSocket socket, String news) {
			socket.emit("news", news, 1);
			socket.emit("news", news, 2);
			return true;
		}

		@IoEvent("ask-me")
		CompletableFuture<Object> askMe(IoSocket socket, String question) {
			return socket.timeout(Duration.ofSeconds(2))
				.emitWithAck("question", question)
				.<Object>thenApply((answers) -> answers.get(0))
				.exceptionally((failure) -> "no answer");
		}

		@IoEvent("kick-me")
		void kickMe(IoSocket socket) {
			socket.disconnect();
		}

		@IoEvent(value = "handshake", namespace = "/admin")
		Map<String, Object> handshake(IoSocket socket) {
			Map<String, Object> handshake = new LinkedHashMap<>();
			handshake.put("namespace", socket.namespace());
			handshake.put("auth", socket.handshake().auth());
			handshake.put("header", socket.handshake().header("x-test"));
			handshake.put("query", socket.handshake().query().get("room"));
			return handshake;
		}

	}

	record Person(String name, int age) {

	}

	record Greeting(String text, int nextAge, List<Person> people) {

	}

}
