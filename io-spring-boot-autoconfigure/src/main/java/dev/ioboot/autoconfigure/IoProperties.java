package dev.ioboot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.ioboot.adapter.redis.SubscriptionMode;
import dev.ioboot.server.IoLimits;
import dev.ioboot.server.IoParser;
import dev.ioboot.server.IoServerSpec;
import dev.ioboot.server.Transport;
import dev.ioboot.server.protect.ClientAddressPolicy;

/**
 * Configuration properties of the Socket.IO server, bound from {@code io.*}. A value the
 * server cannot run with fails startup with a message naming the key.
 */
@ConfigurationProperties("io")
public class IoProperties implements Validator {


	/**
	 * Whether to run the Socket.IO server.
	 */
	private boolean enabled = true;

	private final Socket socket = new Socket();

	/**
	 * Namespaces accepted besides the default one, such as "/custom". A CONNECT to any other
	 * namespace is refused with "Invalid namespace".
	 */
	private Set<String> namespaces = new LinkedHashSet<>(List.of("/"));

	/**
	 * Groups of namespaces created when a client first connects to one of them, by group
	 * name, each with the regular expression its namespaces match in full, such as
	 * "tenants: /tenant-\\d+". Handlers and middlewares of a group apply to each of its
	 * namespaces: "@IoEvent(namespace = \"tenants\")".
	 */
	private Map<String, String> dynamicNamespaces = new LinkedHashMap<>();

	private final Adapter adapter = new Adapter();

	private final Limits limits = new Limits();

	private final Metrics metrics = new Metrics();

	/**
	 * Time given to running event handlers to finish when the server stops.
	 */
	private Duration shutdownGracePeriod = Duration.ofSeconds(10);

	/**
	 * Threads running event handlers, off the network threads. Events of one socket still run
	 * one at a time, in arrival order.
	 */
	private int handlerThreads = IoServerSpec.DEFAULT_HANDLER_THREADS;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Socket getSocket() {
		return this.socket;
	}

	public Set<String> getNamespaces() {
		return this.namespaces;
	}

	public void setNamespaces(Set<String> namespaces) {
		this.namespaces = namespaces;
	}

	public Map<String, String> getDynamicNamespaces() {
		return this.dynamicNamespaces;
	}

	public void setDynamicNamespaces(Map<String, String> dynamicNamespaces) {
		this.dynamicNamespaces = dynamicNamespaces;
	}

	public Adapter getAdapter() {
		return this.adapter;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Duration getShutdownGracePeriod() {
		return this.shutdownGracePeriod;
	}

	public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
		this.shutdownGracePeriod = shutdownGracePeriod;
	}

	public int getHandlerThreads() {
		return this.handlerThreads;
	}

	public void setHandlerThreads(int handlerThreads) {
		this.handlerThreads = handlerThreads;
	}

	@Override
	public boolean supports(Class<?> type) {
		return IoProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		IoProperties properties = (IoProperties) target;
		ServerOptions options = properties.getSocket().getServerOptions();
		String prefix = "socket.serverOptions.";
		if (options.getPort() < 0 || options.getPort() > 65535) {
			reject(errors, prefix + "port", "io.socket.server-options.port must be between 0 and 65535");
		}
		if (options.getWorkerThreads() < 0) {
			reject(errors, prefix + "workerThreads",
					"io.socket.server-options.worker-threads must not be negative (0: Netty's default)");
		}
		if (options.getPath() == null || !options.getPath().startsWith("/") || options.getPath().length() < 2) {
			reject(errors, prefix + "path", "io.socket.server-options.path must start with '/' and name a path");
		}
		if (options.getTransports().isEmpty()
				|| options.getTransports().stream().anyMatch((name) -> Transport.of(name) == null)) {
			reject(errors, prefix + "transports",
					"io.socket.server-options.transports must be one or both of "
							+ Arrays.stream(Transport.values()).map(Transport::value).toList());
		}
		requirePositive(errors, prefix + "pingInterval", "io.socket.server-options.ping-interval",
				options.getPingInterval());
		requirePositive(errors, prefix + "pingTimeout", "io.socket.server-options.ping-timeout",
				options.getPingTimeout());
		requirePositive(errors, prefix + "connectTimeout", "io.socket.server-options.connect-timeout",
				options.getConnectTimeout());
		if (options.getMaxPayload() <= 0) {
			reject(errors, prefix + "maxPayload", "io.socket.server-options.max-payload must be positive");
		}
		ConnectionStateRecovery recovery = options.getConnectionStateRecovery();
		if (recovery.getMaxDisconnectionDuration() == null || recovery.getMaxDisconnectionDuration().isNegative()
				|| recovery.getMaxDisconnectionDuration().isZero()) {
			reject(errors, prefix + "connectionStateRecovery.maxDisconnectionDuration",
					"io.socket.server-options.connection-state-recovery.max-disconnection-duration must be positive");
		}
		if (recovery.getBufferLimit() == null || recovery.getBufferLimit().toBytes() <= 0) {
			reject(errors, prefix + "connectionStateRecovery.bufferLimit",
					"io.socket.server-options.connection-state-recovery.buffer-limit must be positive");
		}
		validateThreshold(errors, prefix + "perMessageDeflate.threshold",
				"io.socket.server-options.per-message-deflate.threshold", options.getPerMessageDeflate().getThreshold());
		validateThreshold(errors, prefix + "httpCompression.threshold",
				"io.socket.server-options.http-compression.threshold", options.getHttpCompression().getThreshold());
		Cors cors = options.getCors();
		if (cors.isAllowCredentials() && cors.getOrigins().contains("*")) {
			reject(errors, prefix + "cors.allowCredentials",
					"io.socket.server-options.cors.allow-credentials cannot be combined with origin '*'; list the origins");
		}
		for (String namespace : properties.getNamespaces()) {
			if (namespace == null || !namespace.startsWith("/")) {
				reject(errors, "namespaces", "io.namespaces entries must start with '/': " + namespace);
			}
		}
		properties.getDynamicNamespaces().forEach((name, regex) -> {
			if (name.startsWith("/")) {
				reject(errors, "dynamicNamespaces", "io.dynamic-namespaces group names must not start with '/': " + name);
			}
			try {
				java.util.regex.Pattern.compile(regex);
			}
			catch (RuntimeException ex) {
				reject(errors, "dynamicNamespaces",
						"io.dynamic-namespaces." + name + " is not a regular expression: " + ex.getMessage());
			}
		});
		Redis redis = properties.getAdapter().getRedis();
		if (redis.getKeyPrefix() == null || redis.getKeyPrefix().isBlank()
				|| redis.getKeyPrefix().chars().anyMatch((c) -> c == '*' || c == '?' || c == '[')) {
			reject(errors, "adapter.redis.keyPrefix",
					"io.adapter.redis.key-prefix must not be blank nor contain '*', '?' or '['");
		}
		requirePositive(errors, "adapter.redis.requestTimeout", "io.adapter.redis.request-timeout",
				redis.getRequestTimeout());
		Streams streams = redis.getStreams();
		if (streams.getName() == null || streams.getName().isBlank()) {
			reject(errors, "adapter.redis.streams.name", "io.adapter.redis.streams.name must not be blank");
		}
		if (streams.getCount() < 1 || streams.getMaxLen() < 1 || streams.getReadCount() < 1) {
			reject(errors, "adapter.redis.streams", "io.adapter.redis.streams.count, max-len and read-count "
					+ "must be positive");
		}
		requirePositive(errors, "adapter.redis.streams.blockTime", "io.adapter.redis.streams.block-time",
				streams.getBlockTime());
		if (properties.getHandlerThreads() <= 0) {
			reject(errors, "handlerThreads", "io.handler-threads must be positive");
		}
		if (properties.getShutdownGracePeriod() == null || properties.getShutdownGracePeriod().isNegative()) {
			reject(errors, "shutdownGracePeriod", "io.shutdown-grace-period must not be negative");
		}
		validateLimits(properties.getLimits(), errors);
		if (properties.getMetrics().getMaxEventNames() < 0) {
			reject(errors, "metrics.maxEventNames", "io.metrics.max-event-names must not be negative");
		}
	}

	private static void validateLimits(Limits limits, Errors errors) {
		if (limits.getMaxConnections() < 0) {
			reject(errors, "limits.maxConnections", "io.limits.max-connections must not be negative (0: no limit)");
		}
		if (limits.getMaxConnectionsPerAddress() < 0) {
			reject(errors, "limits.maxConnectionsPerAddress",
					"io.limits.max-connections-per-address must not be negative (0: no limit)");
		}
		if (limits.getEventsPerSecond() < 0) {
			reject(errors, "limits.eventsPerSecond", "io.limits.events-per-second must not be negative (0: no limit)");
		}
		if (limits.getMaxBufferedBytes() == null || limits.getMaxBufferedBytes().isNegative()) {
			reject(errors, "limits.maxBufferedBytes", "io.limits.max-buffered-bytes must not be negative (0: no limit)");
		}
		if (limits.getRequestTimeout() == null || limits.getRequestTimeout().isNegative()) {
			reject(errors, "limits.requestTimeout", "io.limits.request-timeout must not be negative (0: no limit)");
		}
		validateRanges(errors, "limits.allow", "io.limits.allow", limits.getAllow());
		validateRanges(errors, "limits.deny", "io.limits.deny", limits.getDeny());
		validateRanges(errors, "limits.trustedProxies", "io.limits.trusted-proxies", limits.getTrustedProxies());
	}

	private static void validateRanges(Errors errors, String field, String key, List<String> ranges) {
		for (String range : ranges) {
			try {
				ClientAddressPolicy.validate(range);
			}
			catch (IllegalArgumentException ex) {
				reject(errors, field, key + ": " + ex.getMessage());
			}
		}
	}

	private static void validateThreshold(Errors errors, String field, String key, DataSize threshold) {
		if (threshold == null || threshold.isNegative() || threshold.toBytes() > Integer.MAX_VALUE) {
			reject(errors, field, key + " must be between 0 and " + Integer.MAX_VALUE + " bytes");
		}
	}

	private static void requirePositive(Errors errors, String field, String key, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			reject(errors, field, key + " must be positive");
		}
	}

	private static void reject(Errors errors, String field, String message) {
		errors.rejectValue(field, "io.invalid", message);
	}

	/**
	 * Socket server settings.
	 */
	public static final class Socket {

		private final ServerOptions serverOptions = new ServerOptions();

		public ServerOptions getServerOptions() {
			return this.serverOptions;
		}

	}

	/**
	 * Options of the socket server, with Socket.IO v4's defaults.
	 */
	public static final class ServerOptions {

		/**
		 * Address the socket server binds to.
		 */
		private String hostname = "0.0.0.0";

		/**
		 * Port the socket server listens on, 0 for any free port.
		 */
		private int port = 9092;

		/**
		 * Number of threads serving connections (Netty event loops), 0 for Netty's default:
		 * twice the number of processors.
		 */
		private int workerThreads = 0;

		/**
		 * Whether to serve connections with Netty's native epoll transport rather than Java
		 * NIO. Unset, it is used where it can run (Linux, with netty-transport-native-epoll on
		 * the classpath); true warns where it cannot; false always uses Java NIO.
		 */
		private Boolean nativeTransport;

		/**
		 * Path the Engine.IO endpoint is served under.
		 */
		private String path = "/socket.io";

		/**
		 * Transports clients may use, "websocket" and "polling".
		 */
		private List<String> transports = new ArrayList<>(List.of("websocket", "polling"));

		/**
		 * Interval between the server's ping packets.
		 */
		private Duration pingInterval = Duration.ofSeconds(25);

		/**
		 * Time a client has to answer a ping before it is disconnected.
		 */
		private Duration pingTimeout = Duration.ofSeconds(20);

		/**
		 * Time a client has, after opening its transport, to send its CONNECT packet.
		 */
		private Duration connectTimeout = Duration.ofSeconds(45);

		/**
		 * Largest message a client may send, in bytes (a polling request body or a websocket
		 * message). Larger ones close that client's connection.
		 */
		private int maxPayload = 1_000_000;

		/**
		 * How packets are encoded, as the clients' parser does: "default" (socket.io's
		 * default parser, JSON text with binary attachments) or "msgpack"
		 * (socket.io-msgpack-parser 3.x, one MessagePack binary message per packet).
		 */
		private IoParser parser = IoParser.DEFAULT;

		private final PerMessageDeflate perMessageDeflate = new PerMessageDeflate();

		private final ConnectionStateRecovery connectionStateRecovery = new ConnectionStateRecovery();

		private final HttpCompression httpCompression = new HttpCompression();

		private final Cors cors = new Cors();

		private final Ssl ssl = new Ssl();

		public String getHostname() {
			return this.hostname;
		}

		public void setHostname(String hostname) {
			this.hostname = hostname;
		}

		public int getPort() {
			return this.port;
		}

		public int getWorkerThreads() {
			return this.workerThreads;
		}

		public void setWorkerThreads(int workerThreads) {
			this.workerThreads = workerThreads;
		}

		public Boolean getNativeTransport() {
			return this.nativeTransport;
		}

		public void setNativeTransport(Boolean nativeTransport) {
			this.nativeTransport = nativeTransport;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public List<String> getTransports() {
			return this.transports;
		}

		public void setTransports(List<String> transports) {
			this.transports = transports;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public Duration getPingTimeout() {
			return this.pingTimeout;
		}

		public void setPingTimeout(Duration pingTimeout) {
			this.pingTimeout = pingTimeout;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public int getMaxPayload() {
			return this.maxPayload;
		}

		public void setMaxPayload(int maxPayload) {
			this.maxPayload = maxPayload;
		}

		public IoParser getParser() {
			return this.parser;
		}

		public void setParser(IoParser parser) {
			this.parser = parser;
		}

		public PerMessageDeflate getPerMessageDeflate() {
			return this.perMessageDeflate;
		}

		public ConnectionStateRecovery getConnectionStateRecovery() {
			return this.connectionStateRecovery;
		}

		public HttpCompression getHttpCompression() {
			return this.httpCompression;
		}

		public Cors getCors() {
			return this.cors;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

	}

	/**
	 * Connection state recovery (socket.io's connectionStateRecovery): a client that comes
	 * back after a short disconnection gets its socket id, rooms and data back, and the
	 * packets it missed.
	 */
	public static final class ConnectionStateRecovery {

		/**
		 * Whether sockets that disconnect for a transport reason (not those that leave their
		 * namespace) are recovered when their client comes back in time.
		 */
		private boolean enabled = false;

		/**
		 * How long a disconnected socket's state, and the packets it may miss, are kept.
		 */
		private Duration maxDisconnectionDuration = Duration.ofMinutes(2);

		/**
		 * Whether a recovered socket skips the connect middlewares. Its principal is decided
		 * again in any case, and gives it its role rooms.
		 */
		private boolean skipMiddlewares = true;

		/**
		 * Most bytes of packets kept per namespace for disconnected sockets, counted as their
		 * encoded size (the heap they take is about twice that for 200-byte packets); the
		 * oldest go first, and a socket whose last packet went is not recovered.
		 */
		private DataSize bufferLimit = DataSize.ofMegabytes(16);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMaxDisconnectionDuration() {
			return this.maxDisconnectionDuration;
		}

		public void setMaxDisconnectionDuration(Duration maxDisconnectionDuration) {
			this.maxDisconnectionDuration = maxDisconnectionDuration;
		}

		public boolean isSkipMiddlewares() {
			return this.skipMiddlewares;
		}

		public void setSkipMiddlewares(boolean skipMiddlewares) {
			this.skipMiddlewares = skipMiddlewares;
		}

		public DataSize getBufferLimit() {
			return this.bufferLimit;
		}

		public void setBufferLimit(DataSize bufferLimit) {
			this.bufferLimit = bufferLimit;
		}

	}

	/**
	 * The WebSocket permessage-deflate extension (socket.io's perMessageDeflate).
	 */
	public static final class PerMessageDeflate {

		/**
		 * Whether websocket messages may be compressed with permessage-deflate, when the
		 * client offers it. Costs CPU for each compressed message.
		 */
		private boolean enabled = false;

		/**
		 * Size from which a message is compressed; smaller ones are sent as they are. A bare
		 * number is in bytes.
		 */
		private DataSize threshold = DataSize.ofBytes(1024);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getThreshold() {
			return this.threshold;
		}

		public void setThreshold(DataSize threshold) {
			this.threshold = threshold;
		}

	}

	/**
	 * Compression of polling responses (socket.io's httpCompression).
	 */
	public static final class HttpCompression {

		/**
		 * Whether polling responses are compressed (gzip or deflate) for clients that accept
		 * it.
		 */
		private boolean enabled = true;

		/**
		 * Size from which a polling response is compressed; smaller ones are sent as they
		 * are. A bare number is in bytes.
		 */
		private DataSize threshold = DataSize.ofBytes(1024);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getThreshold() {
			return this.threshold;
		}

		public void setThreshold(DataSize threshold) {
			this.threshold = threshold;
		}

	}

	/**
	 * TLS of the socket server.
	 */
	public static final class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) whose key material the socket server
		 * serves https and wss with. Unset: plain http and ws.
		 */
		private String bundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Cross-origin access to the socket server.
	 */
	public static final class Cors {

		/**
		 * Origins allowed to connect from a browser, such as "https://example.com", or "*" for
		 * any. Empty: no cross-origin access.
		 */
		private List<String> origins = new ArrayList<>();

		/**
		 * HTTP methods allowed in cross-origin requests.
		 */
		private List<String> methods = new ArrayList<>(List.of("GET", "POST"));

		/**
		 * Whether cross-origin requests may carry credentials (cookies). Requires explicit
		 * origins: never combined with "*".
		 */
		private boolean allowCredentials = false;

		public List<String> getOrigins() {
			return this.origins;
		}

		public void setOrigins(List<String> origins) {
			this.origins = origins;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public boolean isAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

	}

	/**
	 * Limits that protect the server from too many or too demanding clients. A limit set to
	 * 0 is off.
	 */
	public static final class Limits {

		/**
		 * Most connections open at once. The next client receives a "Too many connections"
		 * connect_error and is closed.
		 */
		private int maxConnections = 10_000;

		/**
		 * Most connections open at once from one client address; 0 for no limit. Behind a
		 * proxy, list it in trusted-proxies so that clients are told apart.
		 */
		private int maxConnectionsPerAddress = 0;

		/**
		 * Events one socket may send per second, on average; as many may come in a burst.
		 */
		private int eventsPerSecond = 200;

		/**
		 * What happens to a socket that sends events faster: "error" drops the excess events
		 * and sends the socket one "error" event each time it starts exceeding the rate;
		 * "disconnect" disconnects it.
		 */
		private IoLimits.RateExceededAction rateExceeded = IoLimits.RateExceededAction.ERROR;

		/**
		 * Most data waiting to be sent to one client (queued for its next poll, or not yet
		 * written to its websocket). A client that does not read and falls further behind
		 * is closed.
		 */
		private DataSize maxBufferedBytes = DataSize.ofMegabytes(16);

		/**
		 * Time a client has to send a complete HTTP request on a connection that is not a
		 * websocket, counted from the connection's start or its previous response. Closes
		 * connections that trickle their requests (slowloris) or sit idle.
		 */
		private Duration requestTimeout = Duration.ofSeconds(30);

		/**
		 * Addresses and CIDR ranges clients must come from, such as "10.0.0.0/8"; empty for
		 * any. Other clients are refused with HTTP 403.
		 */
		private List<String> allow = new ArrayList<>();

		/**
		 * Addresses and CIDR ranges clients may not come from, even when allowed.
		 */
		private List<String> deny = new ArrayList<>();

		/**
		 * Addresses and CIDR ranges of the proxies whose X-Forwarded-For header is believed.
		 * The client address is then the right-most one in that header that is not a
		 * trusted proxy. Empty: the header is ignored.
		 */
		private List<String> trustedProxies = new ArrayList<>();

		/**
		 * Most namespaces the dynamic namespace groups may create (each has its own rooms and,
		 * with the Redis adapter, its own subscriptions); a client asking for one more is refused
		 * with "Invalid namespace". 0 for no limit.
		 */
		private int maxDynamicNamespaces = 1000;

		public int getMaxDynamicNamespaces() {
			return this.maxDynamicNamespaces;
		}

		public void setMaxDynamicNamespaces(int maxDynamicNamespaces) {
			this.maxDynamicNamespaces = maxDynamicNamespaces;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getMaxConnectionsPerAddress() {
			return this.maxConnectionsPerAddress;
		}

		public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
			this.maxConnectionsPerAddress = maxConnectionsPerAddress;
		}

		public int getEventsPerSecond() {
			return this.eventsPerSecond;
		}

		public void setEventsPerSecond(int eventsPerSecond) {
			this.eventsPerSecond = eventsPerSecond;
		}

		public IoLimits.RateExceededAction getRateExceeded() {
			return this.rateExceeded;
		}

		public void setRateExceeded(IoLimits.RateExceededAction rateExceeded) {
			this.rateExceeded = rateExceeded;
		}

		public DataSize getMaxBufferedBytes() {
			return this.maxBufferedBytes;
		}

		public void setMaxBufferedBytes(DataSize maxBufferedBytes) {
			this.maxBufferedBytes = maxBufferedBytes;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public List<String> getAllow() {
			return this.allow;
		}

		public void setAllow(List<String> allow) {
			this.allow = allow;
		}

		public List<String> getDeny() {
			return this.deny;
		}

		public void setDeny(List<String> deny) {
			this.deny = deny;
		}

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

	}

	/**
	 * Micrometer meters of the server (with Actuator).
	 */
	public static final class Metrics {

		/**
		 * Most distinct event names used as the "event" tag of the io.events.* and
		 * io.handler.duration meters, and as the "event" key value of io.event
		 * observations; events named otherwise, and names longer than 100 characters, are
		 * tagged "OTHER", so that clients cannot grow the registry.
		 */
		private int maxEventNames = 100;

		public int getMaxEventNames() {
			return this.maxEventNames;
		}

		public void setMaxEventNames(int maxEventNames) {
			this.maxEventNames = maxEventNames;
		}

	}

	/**
	 * How broadcasts reach the sockets of other nodes.
	 */
	public static final class Adapter {

		/**
		 * Adapter type: "memory" (one node), "redis" (Redis pub/sub) or "redis-streams"
		 * (Redis Streams, with connection state recovery across nodes).
		 */
		private AdapterType type = AdapterType.MEMORY;

		private final Redis redis = new Redis();

		public AdapterType getType() {
			return this.type;
		}

		public void setType(AdapterType type) {
			this.type = type;
		}

		public Redis getRedis() {
			return this.redis;
		}

	}

	/**
	 * The Redis adapter, wire-compatible with socket.io's {@code @socket.io/redis-adapter}.
	 */
	public static final class Redis {

		/**
		 * Prefix of the Redis channels, the same as the "key" option of socket.io's Redis
		 * adapter and emitter.
		 */
		private String keyPrefix = "socket.io";

		/**
		 * Time to wait for the other nodes' answers to fetchSockets and serverSideEmitWithAck.
		 */
		private Duration requestTimeout = Duration.ofSeconds(5);

		private final Streams streams = new Streams();

		/**
		 * Whether to use Redis sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7), wire-compatible
		 * with createShardedAdapter of @socket.io/redis-adapter 8.3, instead of the classic
		 * adapter. Needs the Lettuce client.
		 */
		private boolean sharded;

		/**
		 * How the sharded adapter spreads a namespace over channels: "static" (2 channels a
		 * namespace), "dynamic" (plus one a public room) or "dynamic-private" (plus one a
		 * socket's own room too), as socket.io's subscriptionMode.
		 */
		private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;

		public boolean isSharded() {
			return this.sharded;
		}

		public void setSharded(boolean sharded) {
			this.sharded = sharded;
		}

		public SubscriptionMode getSubscriptionMode() {
			return this.subscriptionMode;
		}

		public void setSubscriptionMode(SubscriptionMode subscriptionMode) {
			this.subscriptionMode = subscriptionMode;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public Streams getStreams() {
			return this.streams;
		}

	}

	/**
	 * The Redis Streams adapter ({@code io.adapter.type: redis-streams}), wire-compatible with
	 * socket.io's {@code @socket.io/redis-streams-adapter}; its pub/sub channels start with
	 * {@code io.adapter.redis.key-prefix}.
	 */
	public static final class Streams {

		/**
		 * Key of the Redis stream, or prefix of the keys with several streams (streamName).
		 */
		private String name = "socket.io";

		/**
		 * Number of streams the namespaces are spread over, each namespace on one (streamCount).
		 */
		private int count = 1;

		/**
		 * Length the stream is trimmed to, approximately (maxLen). A client can recover the
		 * packets it missed as long as they are still in the stream.
		 */
		private long maxLen = 10_000;

		/**
		 * Most entries one read of the stream returns (readCount).
		 */
		private int readCount = 100;

		/**
		 * Longest one read waits for new entries (blockTimeInMs), at most the Redis command
		 * timeout.
		 */
		private Duration blockTime = Duration.ofSeconds(5);

		/**
		 * Prefix of the keys that hold the sessions of connection state recovery
		 * (sessionKeyPrefix).
		 */
		private String sessionKeyPrefix = "sio:session:";

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public int getCount() {
			return this.count;
		}

		public void setCount(int count) {
			this.count = count;
		}

		public long getMaxLen() {
			return this.maxLen;
		}

		public void setMaxLen(long maxLen) {
			this.maxLen = maxLen;
		}

		public int getReadCount() {
			return this.readCount;
		}

		public void setReadCount(int readCount) {
			this.readCount = readCount;
		}

		public Duration getBlockTime() {
			return this.blockTime;
		}

		public void setBlockTime(Duration blockTime) {
			this.blockTime = blockTime;
		}

		public String getSessionKeyPrefix() {
			return this.sessionKeyPrefix;
		}

		public void setSessionKeyPrefix(String sessionKeyPrefix) {
			this.sessionKeyPrefix = sessionKeyPrefix;
		}

	}

	/**
	 * Adapter types.
	 */
	public enum AdapterType {

		/**
		 * Broadcasts reach the sockets of this node only.
		 */
		MEMORY,

		/**
		 * Broadcasts reach every node through Redis pub/sub.
		 */
		REDIS,

		/**
		 * Broadcasts reach every node through a Redis stream, and connection state recovery
		 * works across nodes.
		 */
		REDIS_STREAMS

	}

}
