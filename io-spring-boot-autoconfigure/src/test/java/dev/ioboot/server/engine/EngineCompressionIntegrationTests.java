package dev.ioboot.server.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.ioboot.server.EngineIoSettings;
import dev.ioboot.server.EngineIoSettings.Compression;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compression at the Engine.IO level against real connections: permessage-deflate on
 * websockets (seen frame by frame on a raw socket) and gzip or deflate on polling responses,
 * each with its threshold and the {@code compress} flag of {@link SendOptions}.
 */
class EngineCompressionIntegrationTests {

	private static final String OFFER = "permessage-deflate; client_max_window_bits";

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final String LARGE = "4" + "{\"text\":\"hello\"}".repeat(200);

	private static final String SMALL = "4" + "x".repeat(100);

	private EngineTestServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private void start(Compression perMessageDeflate, Compression httpCompression) throws InterruptedException {
		this.server = new EngineTestServer(perMessageDeflate, httpCompression);
	}

	@Test
	void webSocketMessagesFromTheThresholdAreDeflatedAndSmallerOnesAreNot() throws Exception {
		start(new Compression(true, 1024), EngineIoSettings.Compression.DEFAULT_HTTP);
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), OFFER)) {
			assertThat(client.statusLine()).contains("101");
			assertThat(client.header("sec-websocket-extensions")).startsWith("permessage-deflate")
				.contains("server_no_context_takeover");
			assertThat(client.next().text()).startsWith("0{\"sid\":");
			EngineSession session = this.server.nextSession();

			session.send(List.of(EngineFrame.text(LARGE)));
			RawWebSocket.Frame large = client.next();
			assertThat(large.compressed()).isTrue();
			assertThat(large.text()).isEqualTo(LARGE);
			assertThat(large.wireLength()).as("deflated %s bytes", LARGE.length()).isLessThan(LARGE.length() / 10);

			session.send(List.of(EngineFrame.text(SMALL)));
			RawWebSocket.Frame small = client.next();
			assertThat(small.compressed()).isFalse();
			assertThat(small.text()).isEqualTo(SMALL);
		}
	}

	@Test
	void whatANegotiatingClientDeflatesIsInflated() throws Exception {
		start(new Compression(true, 1024), EngineIoSettings.Compression.DEFAULT_HTTP);
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), OFFER)) {
			client.next();
			client.sendText(LARGE, true);
			client.sendText(SMALL, false);
			assertThat(this.server.nextReceived()).isEqualTo(LARGE.substring(1));
			assertThat(this.server.nextReceived()).isEqualTo(SMALL.substring(1));
		}
	}

	@Test
	void aCompressedFrameWithoutNegotiationClosesTheWebSocketWithAProtocolError() throws Exception {
		start(new Compression(true, 1024), EngineIoSettings.Compression.DEFAULT_HTTP);
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), null)) {
			client.next();
			client.sendText(LARGE, true);
			RawWebSocket.Frame close = client.next();
			assertThat(close.opcode()).isEqualTo(0x8);
			assertThat(((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF)).isEqualTo(1002);
		}
	}

	@Test
	void compressFalseSendsAWebSocketMessageUncompressedWhateverItsSize() throws Exception {
		start(new Compression(true, 1024), EngineIoSettings.Compression.DEFAULT_HTTP);
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), OFFER)) {
			client.next();
			EngineSession session = this.server.nextSession();
			assertThat(session.send(List.of(EngineFrame.text(LARGE)), SendOptions.DEFAULT.compress(false))).isTrue();
			session.send(List.of(EngineFrame.text(LARGE)));

			RawWebSocket.Frame uncompressed = client.next();
			assertThat(uncompressed.compressed()).isFalse();
			assertThat(uncompressed.text()).isEqualTo(LARGE);
			assertThat(uncompressed.wireLength()).isEqualTo(LARGE.length() + 4);
			RawWebSocket.Frame compressed = client.next();
			assertThat(compressed.compressed()).as("the next message is compressed again").isTrue();
			assertThat(compressed.text()).isEqualTo(LARGE);
		}
	}

	@Test
	void broadcastFramesEncodedOnceAreCompressedForAClientThatNegotiatedDeflate() throws Exception {
		start(new Compression(true, 1024), EngineIoSettings.Compression.DEFAULT_HTTP);
		try (RawWebSocket deflating = RawWebSocket.open(this.server.port(), OFFER);
				RawWebSocket plain = RawWebSocket.open(this.server.port(), null)) {
			deflating.next();
			plain.next();
			EngineSession first = this.server.nextSession();
			EngineSession second = this.server.nextSession();
			List<EngineFrame> frames = List.of(EngineFrame.text(LARGE), EngineFrame.text(SMALL));
			try (WebSocketWire wire = WebSocketWire.encode(frames)) {
				first.send(frames, wire);
				second.send(frames, wire);
				first.send(frames, wire, SendOptions.DEFAULT.compress(false));
			}
			RawWebSocket.Frame[] received = { deflating.next(), deflating.next(), deflating.next(), deflating.next() };
			assertThat(received).extracting(RawWebSocket.Frame::text).containsExactly(LARGE, SMALL, LARGE, SMALL);
			assertThat(received).extracting(RawWebSocket.Frame::compressed).containsExactly(true, false, false, false);
			assertThat(plain.header("sec-websocket-extensions")).isNull();
			RawWebSocket.Frame large = plain.next();
			assertThat(large.compressed()).isFalse();
			assertThat(large.text()).isEqualTo(LARGE);
			assertThat(plain.next().text()).isEqualTo(SMALL);
		}
	}

	@Test
	void disabledPerMessageDeflateAnswersAnOfferWithoutTheExtension() throws Exception {
		start(EngineIoSettings.Compression.DISABLED_PER_MESSAGE_DEFLATE, EngineIoSettings.Compression.DEFAULT_HTTP);
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), OFFER)) {
			assertThat(client.statusLine()).contains("101");
			assertThat(client.header("sec-websocket-extensions")).isNull();
			client.next();
			this.server.nextSession().send(List.of(EngineFrame.text(LARGE)));
			RawWebSocket.Frame frame = client.next();
			assertThat(frame.compressed()).isFalse();
			assertThat(frame.text()).isEqualTo(LARGE);
		}
	}

	@Test
	void pollingPayloadsFromTheThresholdAreCompressedAsTheRequestAccepts() throws Exception {
		start(EngineIoSettings.Compression.DISABLED_PER_MESSAGE_DEFLATE, EngineIoSettings.Compression.DEFAULT_HTTP);
		String sid = openPolling();
		EngineSession session = this.server.nextSession();

		session.send(List.of(EngineFrame.text(LARGE)));
		HttpResponse<byte[]> gzip = poll(sid, "gzip, deflate, br");
		assertThat(gzip.headers().firstValue("content-encoding")).hasValue("gzip");
		assertThat(gzip.headers().firstValue("content-length")).hasValue(String.valueOf(gzip.body().length));
		assertThat(gzip.headers().firstValue("vary")).isEmpty();
		assertThat(gunzip(gzip.body())).isEqualTo(LARGE);
		assertThat(gzip.body().length).isLessThan(LARGE.length() / 10);

		session.send(List.of(EngineFrame.text(LARGE)));
		HttpResponse<byte[]> deflate = poll(sid, "gzip;q=0.5, deflate");
		assertThat(deflate.headers().firstValue("content-encoding")).hasValue("deflate");
		assertThat(inflate(deflate.body())).isEqualTo(LARGE);

		session.send(List.of(EngineFrame.text(SMALL)));
		HttpResponse<byte[]> small = poll(sid, "gzip");
		assertThat(small.headers().firstValue("content-encoding")).isEmpty();
		assertThat(new String(small.body(), StandardCharsets.UTF_8)).isEqualTo(SMALL);

		session.send(List.of(EngineFrame.text(LARGE)));
		HttpResponse<byte[]> noHeader = poll(sid, null);
		assertThat(noHeader.headers().firstValue("content-encoding")).isEmpty();
		assertThat(new String(noHeader.body(), StandardCharsets.UTF_8)).isEqualTo(LARGE);

		session.send(List.of(EngineFrame.text(LARGE)), SendOptions.DEFAULT.compress(false));
		HttpResponse<byte[]> notCompressible = poll(sid, "gzip");
		assertThat(notCompressible.headers().firstValue("content-encoding")).isEmpty();
		assertThat(new String(notCompressible.body(), StandardCharsets.UTF_8)).isEqualTo(LARGE);

		session.send(List.of(EngineFrame.text(LARGE)), SendOptions.DEFAULT.compress(false));
		session.send(List.of(EngineFrame.text(SMALL)));
		HttpResponse<byte[]> mixed = poll(sid, "gzip");
		assertThat(mixed.headers().firstValue("content-encoding")).as("one packet may be compressed: all are")
			.hasValue("gzip");
		assertThat(gunzip(mixed.body())).isEqualTo(LARGE + EngineFrame.RECORD_SEPARATOR + SMALL);
	}

	@Test
	void disabledHttpCompressionSendsPollingPayloadsAsTheyAre() throws Exception {
		start(EngineIoSettings.Compression.DISABLED_PER_MESSAGE_DEFLATE, new Compression(false, 1024));
		String sid = openPolling();
		this.server.nextSession().send(List.of(EngineFrame.text(LARGE)));
		HttpResponse<byte[]> response = poll(sid, "gzip");
		assertThat(response.headers().firstValue("content-encoding")).isEmpty();
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(LARGE);
	}

	private String openPolling() throws Exception {
		HttpResponse<String> open = HTTP.send(request("transport=polling", null).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(open.statusCode()).isEqualTo(200);
		String body = open.body();
		return body.substring(body.indexOf("\"sid\":\"") + 7, body.indexOf('"', body.indexOf("\"sid\":\"") + 7));
	}

	private HttpResponse<byte[]> poll(String sid, String acceptEncoding) throws Exception {
		HttpResponse<byte[]> response = HTTP.send(request("transport=polling&sid=" + sid, acceptEncoding).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	private HttpRequest.Builder request(String query, String acceptEncoding) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.server.port() + "/socket.io/?EIO=4&" + query))
			.timeout(Duration.ofSeconds(TIMEOUT));
		if (acceptEncoding != null) {
			request.header("Accept-Encoding", acceptEncoding);
		}
		return request;
	}

	private static String gunzip(byte[] body) throws IOException {
		return read(new GZIPInputStream(new ByteArrayInputStream(body)));
	}

	private static String inflate(byte[] body) throws IOException {
		return read(new InflaterInputStream(new ByteArrayInputStream(body)));
	}

	private static String read(InputStream in) throws IOException {
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
