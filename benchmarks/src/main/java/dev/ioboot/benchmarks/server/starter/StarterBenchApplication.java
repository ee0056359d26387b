package dev.ioboot.benchmarks.server.starter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The io-spring-boot server of the benchmark: a plain Spring Boot application with the starter
 * and the benchmark's handlers ({@link BenchEvents}), configured by {@code bench-starter.yml}.
 * It takes {@code --port=N} like the other benchmark servers.
 */
@SpringBootApplication
public class StarterBenchApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StarterBenchApplication.class);
		// bench.cores: what the non-blocking profile gives io.socket.server-options.worker-threads
		application.setDefaultProperties(java.util.Map.of("spring.config.name", "bench-starter", "bench.cores",
				Runtime.getRuntime().availableProcessors()));
		ConfigurableApplicationContext context = application.run(args);
		System.out.println("READY " + context.getEnvironment().getProperty("io.socket.server-options.port"));
	}

}
