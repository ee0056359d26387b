package dev.ioboot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small application showing io-spring-boot: a Socket.IO v4 server on port 9092 next to a web
 * MVC application on port 8080, sharing one H2 database.
 *
 * <p>The starter registers itself through auto-configuration; this application uses component
 * scanning only for its own beans (handlers, init hook, controllers, security, content).
 * Articles and notes written through the REST API reach the Socket.IO clients allowed to read
 * them, as the live page at {@code /} shows.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
