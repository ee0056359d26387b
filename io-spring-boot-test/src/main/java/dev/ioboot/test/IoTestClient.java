package dev.ioboot.test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;

import dev.ioboot.IoJsonMapper;
import dev.ioboot.server.IoServerPortInfoListener;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;

/**
 * A Socket.IO client for tests of an application's handlers, over a real connection to its
 * server: {@link #connect()} opens an {@link IoTestSession} that emits events and asserts
 * acknowledgements and events fluently; {@link #expectConnectError()} asserts a refusal.
 * Built on the Java {@code io.socket:socket.io-client}, without reconnection.
 *
 * <p>In a {@code @SpringBootTest} annotated with
 * {@link dev.ioboot.test.autoconfigure.AutoConfigureIoTestClient @AutoConfigureIoTestClient},
 * a client bound to the application's server is a bean: it reads
 * {@code local.io.server.port} when it connects, so {@code io.socket.server-options.port=0}
 * works. Elsewhere, {@link #builder(int)} or {@link #builder(Environment)} make one. A client
 * is immutable; {@link #mutate()} gives a builder to derive another one, with another
 * namespace or authentication for example.
 *
 * <pre class="code">
 * &#64;SpringBootTest(properties = "io.socket.server-options.port=0")
 * &#64;AutoConfigureIoTestClient
 * class ChatTests {
 *
 * 	&#64;Autowired
 * 	IoTestClient client;
 *
 * 	&#64;Test
 * 	void echo() {
 * 		try (IoTestSession session = client.connect()) {
 * 			session.emitWithAck("echo", "hi").isEqualTo("hi");
 * 		}
 * 	}
 *
 * }
 * </pre>
 */
public final class IoTestClient {

	/** How long a client waits for what it expects, unless told otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private static final String DEFAULT_PATH = "/socket.io";

	private final Builder settings;

	private IoTestClient(Builder builder) {
		this.settings = builder.copy();
	}

	/**
	 * Connect, and wait until the server accepts the connection.
	 * @return the connected session
	 * @throws AssertionError if the server refuses it (with the {@code connect_error}'s
	 * message and data) or does not answer in time
	 */
	public IoTestSession connect() {
		Attempt attempt = attempt();
		Object outcome = attempt.await();
		if (outcome == Attempt.CONNECTED) {
			return attempt.session;
		}
		attempt.socket.close();
		if (outcome == null) {
			throw new AssertionError("Expected to connect to " + attempt.uri + " but the server did not answer within "
					+ this.settings.timeout);
		}
		IoConnectError error = connectError(outcome);
		AssertionError failure = new AssertionError("Expected to connect to " + attempt.uri + " but got " + error);
		if (outcome instanceof Throwable cause) {
			failure.initCause(cause);
		}
		throw failure;
	}

	/**
	 * Connect, expecting the server to refuse the connection with a {@code connect_error}.
	 * @return the error, for assertions on its message and data
	 * @throws AssertionError if the server accepts the connection or does not answer in time
	 */
	public IoConnectError expectConnectError() {
		Attempt attempt = attempt();
		Object outcome = attempt.await();
		attempt.socket.close();
		if (outcome == Attempt.CONNECTED) {
			throw new AssertionError("Expected " + attempt.uri + " to refuse the connection but it was accepted");
		}
		if (outcome == null) {
			throw new AssertionError("Expected a connect_error from " + attempt.uri + " but the server did not answer within "
					+ this.settings.timeout);
		}
		return connectError(outcome);
	}

	/**
	 * Return a builder initialized with this client's settings, to build a client that differs
	 * from it.
	 * @return a new builder
	 */
	public Builder mutate() {
		return this.settings.copy();
	}

	/**
	 * Return a builder for a client of the server listening on the given local port.
	 * @param port the Socket.IO server's port
	 * @return a new builder
	 */
	public static Builder builder(int port) {
		Assert.isTrue(port > 0 && port < 65536, "port must be between 1 and 65535");
		URI server = URI.create("http://127.0.0.1:" + port);
		return new Builder(() -> server, () -> DEFAULT_PATH);
	}

	/**
	 * Return a builder for a client of the server of an application context, found in its
	 * environment when the client connects: the port from {@code local.io.server.port} (set once
	 * the server listens), the path from {@code io.socket.server-options.path}, the host from
	 * {@code io.socket.server-options.hostname} (the loopback address when the server listens on
	 * every address).
	 * @param environment the application's environment
	 * @return a new builder
	 */
	public static Builder builder(Environment environment) {
		Assert.notNull(environment, "environment must not be null");
		return new Builder(() -> serverUri(environment),
				() -> environment.getProperty("io.socket.server-options.path", DEFAULT_PATH));
	}

	private static URI serverUri(Environment environment) {
		Integer port = environment.getProperty(IoServerPortInfoListener.PROPERTY, Integer.class);
		if (port == null) {
			throw new IllegalStateException("The Socket.IO server is not listening: " + IoServerPortInfoListener.PROPERTY
					+ " is not set. Is the test a @SpringBootTest of an application with io.enabled=true?");
		}
		String host = environment.getProperty("io.socket.server-options.hostname", "");
		if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
			host = "127.0.0.1";
		}
		else if (host.contains(":") && !host.startsWith("[")) {
			host = "[" + host + "]";
		}
		return URI.create("http://" + host + ":" + port);
	}

	private Attempt attempt() {
		Builder settings = this.settings;
		URI uri = URI.create(settings.server.get() + settings.namespace);
		IO.Options options = IO.Options.builder()
			.setPath(settings.path.get())
			.setTransports(new String[] { settings.transport.id })
			.setReconnection(false)
			.setForceNew(true)
			.setTimeout(settings.timeout.toMillis())
			.setAuth(settings.auth.isEmpty() ? null : new LinkedHashMap<>(settings.auth))
			.setExtraHeaders(new LinkedHashMap<>(settings.headers))
			.setQuery(settings.query.isEmpty() ? null : query(settings.query))
			.build();
		Socket socket = IO.socket(uri, options);
		IoJsonValues values = new IoJsonValues(settings.json);
		IoTestSession session = new IoTestSession(socket, values, settings.timeout);
		Attempt attempt = new Attempt(uri, socket, session, settings.timeout);
		socket.once(Socket.EVENT_CONNECT, (args) -> attempt.outcome.complete(Attempt.CONNECTED));
		socket.once(Socket.EVENT_CONNECT_ERROR,
				(args) -> attempt.outcome.complete((args.length > 0 && args[0] != null) ? args[0] : "connect_error"));
		socket.connect();
		return attempt;
	}

	private IoConnectError connectError(Object outcome) {
		IoJsonValues values = new IoJsonValues(this.settings.json);
		if (outcome instanceof JSONObject error) {
			return new IoConnectError(error.optString("message", null), values.fromWire(error.opt("data")), values);
		}
		if (outcome instanceof Throwable failure) {
			return new IoConnectError(failure.getMessage(), null, values);
		}
		return new IoConnectError(String.valueOf(outcome), null, values);
	}

	private static String query(Map<String, String> query) {
		return query.entrySet()
			.stream()
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * The transports a test client can use.
	 */
	public enum Transport {

		/** WebSocket from the start, without polling first. */
		WEBSOCKET("websocket"),

		/** HTTP long-polling only, never upgraded. */
		POLLING("polling");

		private final String id;

		Transport(String id) {
			this.id = id;
		}

	}

	/**
	 * Builds an {@link IoTestClient}. Defaults: namespace {@code /}, WebSocket, no
	 * authentication, headers or query parameters, a timeout of {@link #DEFAULT_TIMEOUT}, the
	 * default {@link IoJsonMapper}.
	 */
	public static final class Builder {

		private final Supplier<URI> server;

		private Supplier<String> path;

		private String namespace = "/";

		private Transport transport = Transport.WEBSOCKET;

		private final Map<String, String> auth = new LinkedHashMap<>();

		private final Map<String, List<String>> headers = new LinkedHashMap<>();

		private final Map<String, String> query = new LinkedHashMap<>();

		private Duration timeout = DEFAULT_TIMEOUT;

		private IoJsonMapper json = IoJsonMapper.withDefaults();

		private Builder(Supplier<URI> server, Supplier<String> path) {
			this.server = server;
			this.path = path;
		}

		/**
		 * Connect to the given namespace.
		 * @param namespace the namespace, such as {@code /admin}
		 * @return this builder
		 */
		public Builder namespace(String namespace) {
			Assert.isTrue(namespace != null && namespace.startsWith("/"), "namespace must start with '/'");
			this.namespace = namespace;
			return this;
		}

		/**
		 * Use the given transport.
		 * @param transport the transport
		 * @return this builder
		 */
		public Builder transport(Transport transport) {
			Assert.notNull(transport, "transport must not be null");
			this.transport = transport;
			return this;
		}

		/**
		 * Use the given server path instead of the application's.
		 * @param path the path, such as {@code /socket.io}
		 * @return this builder
		 */
		public Builder path(String path) {
			Assert.isTrue(path != null && path.startsWith("/"), "path must start with '/'");
			this.path = () -> path;
			return this;
		}

		/**
		 * Send the given entries in the CONNECT packet's auth payload (socket.io's
		 * {@code auth} option), in addition to those set before. The Java client sends string
		 * values only.
		 * @param auth the entries, such as {@code Map.of("token", jwt)}
		 * @return this builder
		 */
		public Builder auth(Map<String, String> auth) {
			this.auth.putAll(auth);
			return this;
		}

		/**
		 * Send the given entry in the auth payload.
		 * @param name the entry's name, such as {@code token}
		 * @param value its value
		 * @return this builder
		 */
		public Builder auth(String name, String value) {
			this.auth.put(name, value);
			return this;
		}

		/**
		 * Send the given HTTP header with the handshake (socket.io's {@code extraHeaders}).
		 * @param name the header name
		 * @param values its values
		 * @return this builder
		 */
		public Builder header(String name, String... values) {
			this.headers.put(name, List.of(values));
			return this;
		}

		/**
		 * Send the given query parameter with the handshake (socket.io's {@code query}).
		 * @param name the parameter name
		 * @param value its value
		 * @return this builder
		 */
		public Builder query(String name, String value) {
			this.query.put(name, value);
			return this;
		}

		/**
		 * Wait at most the given time for connections, acknowledgements, events and
		 * disconnections, unless an expectation says otherwise.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
			this.timeout = timeout;
			return this;
		}

		/**
		 * Write sent arguments and convert received ones with the given mapper: the
		 * application's, so that the client sees values as handlers do.
		 * @param json the mapper
		 * @return this builder
		 */
		public Builder jsonMapper(IoJsonMapper json) {
			Assert.notNull(json, "json must not be null");
			this.json = json;
			return this;
		}

		/**
		 * Build the client.
		 * @return the client
		 */
		public IoTestClient build() {
			return new IoTestClient(this);
		}

		private Builder copy() {
			Builder copy = new Builder(this.server, this.path);
			copy.namespace = this.namespace;
			copy.transport = this.transport;
			copy.auth.putAll(this.auth);
			copy.headers.putAll(this.headers);
			copy.query.putAll(this.query);
			copy.timeout = this.timeout;
			copy.json = this.json;
			return copy;
		}

	}

	private static final class Attempt {

		static final Object CONNECTED = new Object();

		final URI uri;

		final Socket socket;

		final IoTestSession session;

		final Duration timeout;

		final CompletableFuture<Object> outcome = new CompletableFuture<>();

		Attempt(URI uri, Socket socket, IoTestSession session, Duration timeout) {
			this.uri = uri;
			this.socket = socket;
			this.session = session;
			this.timeout = timeout;
		}

		/** The outcome: {@link #CONNECTED}, the connect_error's argument, or null on timeout. */
		Object await() {
			try {
				return this.outcome.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				return null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted while connecting to " + this.uri, ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex.getCause());
			}
		}

	}

}
