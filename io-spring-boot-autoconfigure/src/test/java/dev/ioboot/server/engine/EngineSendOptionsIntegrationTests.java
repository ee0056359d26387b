package dev.ioboot.server.engine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ioboot.server.EngineIoSettings;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Droppable packets (Socket.IO's {@code volatile}) at the Engine.IO level against real
 * connections: sent when the transport can take them now, dropped, and reported so, when
 * it cannot.
 */
class EngineSendOptionsIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final SendOptions DROPPABLE = SendOptions.DEFAULT.droppable(true);

	private EngineTestServer server;

	@BeforeEach
	void start() throws InterruptedException {
		this.server = new EngineTestServer(EngineIoSettings.Compression.DISABLED_PER_MESSAGE_DEFLATE,
				EngineIoSettings.Compression.DEFAULT_HTTP);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void pollingSessionTakesADroppablePacketOnlyWhileAGetIsWaiting() throws Exception {
		HttpResponse<String> open = HTTP.send(request("transport=polling").build(), HttpResponse.BodyHandlers.ofString());
		String sid = open.body().substring(open.body().indexOf("\"sid\":\"") + 7, open.body().indexOf("\",\""));
		EngineSession session = this.server.nextSession();

		assertThat(session.send(List.of(EngineFrame.text("4dropped")), DROPPABLE))
			.as("no GET waiting: dropped, not queued").isFalse();
		assertThat(session.send(List.of(EngineFrame.text("4kept"))))
			.as("the same without the flag is queued").isTrue();
		assertThat(poll(sid).join().body()).isEqualTo("4kept");

		CompletableFuture<HttpResponse<String>> waiting = poll(sid);
		List<String> sent = new ArrayList<>();
		await("a droppable packet taken by the waiting GET").atMost(Duration.ofSeconds(TIMEOUT))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> {
				String packet = "4volatile-" + sent.size();
				sent.add(packet);
				return session.send(List.of(EngineFrame.text(packet)), DROPPABLE);
			});
		assertThat(waiting.get(TIMEOUT, TimeUnit.SECONDS).body())
			.as("only the packet sent while the GET waited, none of those dropped before it")
			.isEqualTo(sent.get(sent.size() - 1));
	}

	@Test
	void webSocketDropsADroppablePacketOnlyWhileItsOutboundBufferIsFull() throws Exception {
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), null)) {
			client.next();
			EngineSession session = this.server.nextSession();
			assertThat(session.send(List.of(EngineFrame.text("4first")), DROPPABLE)).isTrue();
			assertThat(client.next().text()).isEqualTo("4first");

			// the client reads nothing now: the server's outbound buffer fills up
			EngineFrame filler = EngineFrame.text("4" + "f".repeat(64 * 1024));
			List<String> kept = new ArrayList<>();
			int probes = 0;
			while (probes < 10_000) {
				session.send(List.of(filler));
				String probe = "4volatile-" + probes++;
				if (!session.send(List.of(EngineFrame.text(probe)), DROPPABLE)) {
					break;
				}
				kept.add(probe);
			}
			assertThat(probes).as("the outbound buffer filled up").isLessThan(10_000);
			session.send(List.of(EngineFrame.text("4last")));

			List<String> received = new ArrayList<>();
			for (String text = client.next().text(); !text.equals("4last"); text = client.next().text()) {
				if (!text.equals(filler.text())) {
					received.add(text);
				}
			}
			assertThat(received).as("every droppable packet reported sent arrived, the dropped one did not")
				.isEqualTo(kept);
		}
	}

	private CompletableFuture<HttpResponse<String>> poll(String sid) {
		return HTTP.sendAsync(request("transport=polling&sid=" + sid).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String query) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.server.port() + "/socket.io/?EIO=4&" + query))
			.timeout(Duration.ofSeconds(TIMEOUT));
	}

}
