package dev.ioboot.server;

import java.io.InputStream;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.socket.client.IO;
import io.socket.client.Socket;
import okhttp3.OkHttpClient;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.IoSocket;
import dev.ioboot.autoconfigure.IoAutoConfiguration;
import dev.ioboot.event.IoEvent;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static dev.ioboot.testsupport.TestClients.ack;
import static dev.ioboot.testsupport.TestClients.awaitConnect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS from a Spring Boot SSL bundle ({@code io.socket.server-options.ssl.bundle}), against
 * the Java {@code socket.io-client} over https and wss.
 */
class TlsIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private static OkHttpClient trusting;

	@BeforeAll
	static void start() throws Exception {
		context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("io.socket.server-options.port=0", "io.socket.server-options.ssl.bundle=io",
					"spring.ssl.bundle.pem.io.keystore.certificate=classpath:tls/server.crt",
					"spring.ssl.bundle.pem.io.keystore.private-key=classpath:tls/server.key")
			.run();
		port = context.getBean(IoServer.class).port();
		trusting = trustingTheTestCertificate();
	}

	@AfterAll
	static void stop() {
		context.close();
		trusting.dispatcher().executorService().shutdown();
		trusting.connectionPool().evictAll();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void clientConnectsOverTlsAndTheHandshakeSaysSo(String transport) throws Exception {
		Socket socket = socket("https", transport);
		try {
			awaitConnect(socket);
			JSONObject handshake = (JSONObject) ack(socket, "handshake")[0];
			assertThat(handshake.getBoolean("secure")).isTrue();
			assertThat(handshake.getString("transport")).isEqualTo(transport);
		}
		finally {
			socket.close();
		}
	}

	@Test
	void plainHttpIsNotServed() throws Exception {
		Socket socket = socket("http", "polling");
		try {
			BlockingQueue<String> outcome = new LinkedBlockingQueue<>();
			socket.once(Socket.EVENT_CONNECT, (args) -> outcome.add("connected"));
			socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> outcome.add("error"));
			socket.connect();
			assertThat(outcome.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("error");
		}
		finally {
			socket.close();
		}
	}

	private static Socket socket(String scheme, String transport) {
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { transport })
			.setReconnection(false)
			.setForceNew(true)
			.build();
		options.callFactory = trusting;
		options.webSocketFactory = trusting;
		return IO.socket(URI.create(scheme + "://127.0.0.1:" + port), options);
	}

	private static OkHttpClient trustingTheTestCertificate() throws Exception {
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		try (InputStream certificate = TlsIntegrationTests.class.getResourceAsStream("/tls/server.crt")) {
			trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(certificate));
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext ssl = SSLContext.getInstance("TLS");
		ssl.init(null, factory.getTrustManagers(), null);
		return new OkHttpClient.Builder()
			.sslSocketFactory(ssl.getSocketFactory(), (X509TrustManager) factory.getTrustManagers()[0])
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, IoAutoConfiguration.class })
	static class App {

		@Bean
		Handshakes handshakes() {
			return new Handshakes();
		}

	}

	static class Handshakes {

		@IoEvent("handshake")
		Map<String, Object> handshake(IoSocket socket) {
			return Map.of("secure", socket.handshake().secure(), "transport",
					socket.handshake().query().get("transport").get(0));
		}

	}

}
