package dev.ioboot.adapter.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.socket.client.Socket;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.autoconfigure.IoRedisAdapterAutoConfiguration;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoServerEvent;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node of the Redis adapter tests: the adapter the properties choose, and the events the
 * tests drive it with ({@code node.name} names it).
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, IoRedisAdapterAutoConfiguration.class,
		IoAutoConfiguration.class })
class RedisTestNode {

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	/**
	 * Ask the socket's node for its rooms until the room is (or is no longer) among them: the
	 * request travels through Redis, so it is applied asynchronously.
	 */
	static void awaitRooms(Socket socket, String room, boolean present) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT).toNanos();
		while (((String) ack(socket, "rooms")[0]).contains(room) != present) {
			assertThat(System.nanoTime()).as("socket " + (present ? "joined " : "left ") + room).isLessThan(deadline);
		}
	}

	static class Recorder {

		final BlockingQueue<String> events = new LinkedBlockingQueue<>();

		@Value("${node.name}")
		String name;

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

		@IoEvent("rooms")
		String rooms(IoSocket socket) {
			return socket.rooms().toString();
		}

		@IoServerEvent("hello-servers")
		Map<String, Object> hello(String greeting) {
			return Map.of("node", this.name, "greeting", greeting);
		}

		@IoServerEvent("remember-everywhere")
		void rememberEverywhere(String value) {
			this.events.add("remember-everywhere:" + value);
		}

	}

}
