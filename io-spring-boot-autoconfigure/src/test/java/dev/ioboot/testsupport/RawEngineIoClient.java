package dev.ioboot.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A raw Engine.IO v4 client over {@code java.net.http}, for tests that send what no real
 * client sends: any text or binary message on a websocket, any body in a polling POST. It
 * answers the server's pings and otherwise only does what it is told. Every wait is bounded
 * by {@link TestClients#TIMEOUT}.
 */
public final class RawEngineIoClient {

	private static final char RECORD_SEPARATOR = '\u001e';

	private final int port;

	private final ExecutorService executor;

	private final HttpClient http;

	/**
	 * Create a client of a server on the loopback interface. Its threads are a fixed pool of
	 * two (plus the HTTP client's selector), so that it adds a constant number of threads.
	 * @param port the server port
	 */
	public RawEngineIoClient(int port) {
		this.port = port;
		AtomicInteger threads = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "raw-eio-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(TestClients.TIMEOUT))
			.executor(this.executor)
			.build();
	}

	/**
	 * Stop the client's threads.
	 */
	public void shutdown() {
		this.executor.shutdownNow();
	}

	URI uri(String scheme, String query) {
		return URI.create(scheme + "://127.0.0.1:" + this.port + "/socket.io/?EIO=4&" + query);
	}

	/**
	 * Open a session over a websocket and read its OPEN packet.
	 * @return the open session
	 * @throws Exception if the server does not answer in time
	 */
	public RawWebSocket webSocket() throws Exception {
		RawWebSocket socket = new RawWebSocket();
		this.http.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(TestClients.TIMEOUT))
			.buildAsync(uri("ws", "transport=websocket"), socket.listener)
			.get(TestClients.TIMEOUT, TimeUnit.SECONDS);
		String open = socket.nextText();
		assertThat(open).startsWith("0{");
		socket.sid = sid(open);
		return socket;
	}

	/**
	 * Open a session over HTTP long-polling.
	 * @return the open session
	 * @throws Exception if the server does not answer in time
	 */
	public RawPolling polling() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("http", "transport=polling")).GET());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("0{");
		return new RawPolling(sid(response.body()));
	}

	private static String sid(String open) {
		int start = open.indexOf("\"sid\":\"") + 7;
		return open.substring(start, open.indexOf('"', start));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http
			.sendAsync(request.timeout(Duration.ofSeconds(TestClients.TIMEOUT)).build(),
					HttpResponse.BodyHandlers.ofString())
			.get(TestClients.TIMEOUT + 1, TimeUnit.SECONDS);
	}

	/**
	 * One Engine.IO session over a websocket. Received messages are queued: a text message as
	 * a {@link String}, a binary one as a {@code byte[]}; pings are answered, not queued.
	 */
	public static final class RawWebSocket {

		private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

		private final CompletableFuture<String> closed = new CompletableFuture<>();

		private final Listener listener = new Listener();

		private volatile WebSocket webSocket;

		private volatile String sid;

		private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

		/**
		 * Return the Engine.IO session id.
		 * @return the id from the OPEN packet
		 */
		public String sid() {
			return this.sid;
		}

		/**
		 * Send a text message, after those sent before it.
		 * @param text the message
		 */
		public synchronized void send(String text) {
			this.sending = this.sending.handle((result, ex) -> null)
				.thenCompose((ignored) -> this.webSocket.sendText(text, true));
		}

		/**
		 * Send a binary message, after those sent before it.
		 * @param data the message
		 */
		public synchronized void send(byte[] data) {
			this.sending = this.sending.handle((result, ex) -> null)
				.thenCompose((ignored) -> this.webSocket.sendBinary(ByteBuffer.wrap(data), true));
		}

		/**
		 * Send one text message as several websocket frames.
		 * @param text the message
		 * @param fragment the number of characters per frame
		 */
		public synchronized void sendFragmented(String text, int fragment) {
			for (int start = 0; start < text.length(); start += fragment) {
				int end = Math.min(text.length(), start + fragment);
				CharSequence part = text.subSequence(start, end);
				boolean last = end == text.length();
				this.sending = this.sending.thenCompose((ignored) -> this.webSocket.sendText(part, last));
			}
		}

		/**
		 * Connect to a namespace and wait for the server's answer.
		 * @param connect the CONNECT packet, such as {@code 40}
		 * @return the answer: {@code 40{"sid":...}} or a {@code 44} CONNECT_ERROR
		 * @throws InterruptedException if interrupted while waiting
		 */
		public String connect(String connect) throws InterruptedException {
			send(connect);
			return nextText();
		}

		/**
		 * Take the next message.
		 * @return a {@link String} or a {@code byte[]}
		 * @throws InterruptedException if interrupted while waiting
		 */
		public Object next() throws InterruptedException {
			Object message = this.messages.poll(TestClients.TIMEOUT, TimeUnit.SECONDS);
			assertThat(message).as("a message on websocket session " + this.sid + " (closed: "
					+ this.closed.getNow(null) + ")").isNotNull();
			return message;
		}

		/**
		 * Take the next message, which must be text.
		 * @return the text
		 * @throws InterruptedException if interrupted while waiting
		 */
		public String nextText() throws InterruptedException {
			Object message = next();
			assertThat(message).isInstanceOf(String.class);
			return (String) message;
		}

		/**
		 * Wait until the server closes the websocket.
		 * @return how it closed: {@code close <status>} for a close frame, {@code error <exception>}
		 * when the connection ended without one (which java.net.http notices on its next write:
		 * pings are sent until it does)
		 * @throws Exception if it is still open after the timeout
		 */
		public String awaitClose() throws Exception {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClients.TIMEOUT);
			while (true) {
				try {
					String how = this.closed.get(50, TimeUnit.MILLISECONDS);
					// java.net.http keeps the state of a websocket closed under it until aborted
					this.webSocket.abort();
					return how;
				}
				catch (TimeoutException ex) {
					if (System.nanoTime() > deadline) {
						throw ex;
					}
					// java.net.http does not always report a connection closed without a close
					// frame: a ping fails if the server has closed it
					ping();
				}
			}
		}

		private synchronized void ping() {
			this.sending = this.sending.handle((result, ex) -> null)
				.thenCompose((ignored) -> this.webSocket.sendPing(ByteBuffer.allocate(0)))
				.whenComplete((result, ex) -> {
					if (ex != null) {
						this.closed.complete("error on write " + ex);
					}
				});
		}

		/**
		 * Return the messages received and not taken yet.
		 * @return the messages
		 */
		public List<Object> pending() {
			return new ArrayList<>(this.messages);
		}

		/**
		 * Close the websocket with a close frame.
		 */
		public synchronized void close() {
			this.sending = this.sending.handle((result, ex) -> null)
				.thenCompose((ignored) -> this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
		}

		/**
		 * Drop the TCP connection without a close frame.
		 */
		public void abort() {
			this.webSocket.abort();
		}

		private final class Listener implements WebSocket.Listener {

			private final StringBuilder text = new StringBuilder();

			private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

			@Override
			public void onOpen(WebSocket webSocket) {
				RawWebSocket.this.webSocket = webSocket;
				webSocket.request(1);
			}

			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				this.text.append(data);
				if (last) {
					String message = this.text.toString();
					this.text.setLength(0);
					if ("2".equals(message)) {
						send("3");
					}
					else {
						RawWebSocket.this.messages.add(message);
					}
				}
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
				byte[] bytes = new byte[data.remaining()];
				data.get(bytes);
				this.binary.writeBytes(bytes);
				if (last) {
					RawWebSocket.this.messages.add(this.binary.toByteArray());
					this.binary.reset();
				}
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				RawWebSocket.this.closed.complete("close " + statusCode + (reason.isEmpty() ? "" : " " + reason));
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				RawWebSocket.this.closed.complete("error " + error);
			}

		}

	}

	/**
	 * One Engine.IO session over HTTP long-polling.
	 */
	public final class RawPolling {

		private final String sid;

		RawPolling(String sid) {
			this.sid = sid;
		}

		/**
		 * Return the Engine.IO session id.
		 * @return the id from the OPEN packet
		 */
		public String sid() {
			return this.sid;
		}

		private URI uri() {
			return RawEngineIoClient.this.uri("http", "transport=polling&sid=" + this.sid);
		}

		/**
		 * Send a payload.
		 * @param payload the body, packets separated by the record separator
		 * @return the response
		 * @throws Exception if the server does not answer in time
		 */
		public HttpResponse<String> post(String payload) throws Exception {
			return post(payload.getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * Send a payload.
		 * @param payload the body
		 * @return the response
		 * @throws Exception if the server does not answer in time
		 */
		public HttpResponse<String> post(byte[] payload) throws Exception {
			return send(HttpRequest.newBuilder(uri())
				.header("Content-Type", "text/plain;charset=UTF-8")
				.POST(HttpRequest.BodyPublishers.ofByteArray(payload)));
		}

		/**
		 * Send one GET and return its response as it is.
		 * @return the response
		 * @throws Exception if the server does not answer in time
		 */
		public HttpResponse<String> get() throws Exception {
			return send(HttpRequest.newBuilder(uri()).GET());
		}

		/**
		 * Poll until the server sends something other than pings, answering the pings.
		 * @return the packets
		 * @throws Exception if the server does not answer in time or answers an error
		 */
		public List<String> poll() throws Exception {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClients.TIMEOUT);
			while (System.nanoTime() < deadline) {
				HttpResponse<String> response = get();
				assertThat(response.statusCode()).as("poll of session " + this.sid + ": " + response.body())
					.isEqualTo(200);
				List<String> packets = new ArrayList<>(
						Arrays.asList(response.body().split(String.valueOf(RECORD_SEPARATOR), -1)));
				if (packets.remove("2")) {
					post("3");
				}
				if (!packets.isEmpty()) {
					return packets;
				}
			}
			throw new AssertionError("Only pings on session " + this.sid);
		}

		/**
		 * Connect to a namespace and wait for the server's answer.
		 * @param connect the CONNECT packet, such as {@code 40}
		 * @return the packets of the answer
		 * @throws Exception if the server does not answer in time
		 */
		public List<String> connect(String connect) throws Exception {
			assertThat(post(connect).statusCode()).isEqualTo(200);
			return poll();
		}

		/**
		 * Start a GET on a connection of its own and drop that connection before the server
		 * answers.
		 * @throws IOException if the connection fails
		 */
		public void dropPoll() throws IOException {
			try (Socket socket = new Socket("127.0.0.1", RawEngineIoClient.this.port)) {
				OutputStream out = socket.getOutputStream();
				URI uri = uri();
				out.write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1:"
						+ RawEngineIoClient.this.port + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
		}

	}

}
