package dev.ioboot.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.Assert;

import dev.ioboot.Io;
import dev.ioboot.IoJsonMapper;
import dev.ioboot.IoDynamicNamespace;
import dev.ioboot.IoMiddleware;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.event.IoAnyListener;
import dev.ioboot.event.IoAnyOutgoingListener;
import dev.ioboot.event.IoEventDispatcher;
import dev.ioboot.event.IoEventMiddleware;

/**
 * Everything a Socket.IO server is made of, fixed before it is created: an
 * {@link IoServerFactory} builds the server from it. Build one with {@link #builder}.
 *
 * @param bind where the server listens, and with how many network threads
 * @param settings the Engine.IO settings
 * @param namespaces the namespaces clients may connect to, {@code /} first
 * @param dispatcher runs the handlers of events
 * @param json the JSON mapper of packets
 * @param parser how packets are encoded on the wire
 * @param handlerThreads the number of threads handlers run on
 * @param virtualThreads whether handlers run on virtual threads instead (Java 21 and later),
 * one per task, the events of one socket still one at a time and in order
 * @param adapter carries broadcasts and socket operations to other nodes
 * @param principals decides who a connecting client is, and so which rooms it joins
 * @param middlewares run in order when a client connects to a namespace
 * @param dynamicNamespaces the groups of namespaces created when first used
 * @param eventMiddlewares run in order before the handlers of each event
 * @param anyListeners told each event a client sends
 * @param anyOutgoingListeners told each event written to a socket
 * @param recovery connection state recovery
 * @param limits the limits that protect the server
 * @param ssl the key material of {@code https} and {@code wss}, or {@code null} for plain
 * connections
 * @param bootstrapCustomizers applied in order to the Netty bootstrap before it binds
 * @param requestFilters asked in order whether a request may open a session
 */
public record IoServerSpec(Bind bind, EngineIoSettings settings, List<String> namespaces, IoEventDispatcher dispatcher,
		IoJsonMapper json, IoParser parser, int handlerThreads, boolean virtualThreads, IoAdapter adapter, IoPrincipalResolver principals,
		List<IoMiddleware> middlewares, List<IoDynamicNamespace> dynamicNamespaces,
		List<IoEventMiddleware> eventMiddlewares, List<IoAnyListener> anyListeners,
		List<IoAnyOutgoingListener> anyOutgoingListeners, ConnectionStateRecovery recovery, IoLimits limits, SslBundle ssl,
		List<IoServerBootstrapCustomizer> bootstrapCustomizers, List<IoRequestFilter> requestFilters) {

	/** The number of handler threads when none is given: four per processor, at least 8. */
	public static final int DEFAULT_HANDLER_THREADS = Math.max(8, Runtime.getRuntime().availableProcessors() * 4);

	/**
	 * Create a spec, copying its lists.
	 */
	public IoServerSpec {
		Assert.notNull(bind, "'bind' must not be null");
		Assert.notNull(settings, "'settings' must not be null");
		Assert.notNull(dispatcher, "'dispatcher' must not be null");
		Assert.notNull(json, "'json' must not be null");
		Assert.notNull(parser, "'parser' must not be null");
		Assert.isTrue(handlerThreads > 0, "'handlerThreads' must be positive");
		Assert.notNull(adapter, "'adapter' must not be null");
		Assert.notNull(principals, "'principals' must not be null");
		Assert.notNull(limits, "'limits' must not be null");
		Assert.notNull(recovery, "'recovery' must not be null");
		Set<String> names = new LinkedHashSet<>();
		names.add(Io.DEFAULT_NAMESPACE);
		names.addAll(namespaces);
		namespaces = List.copyOf(names);
		middlewares = List.copyOf(middlewares);
		dynamicNamespaces = List.copyOf(dynamicNamespaces);
		Set<String> groups = new LinkedHashSet<>();
		for (IoDynamicNamespace group : dynamicNamespaces) {
			Assert.isTrue(groups.add(group.name()), () -> "Two dynamic namespace groups are named '" + group.name() + "'");
			Assert.isTrue(!group.name().startsWith("/"), () -> "The dynamic namespace group '" + group.name()
					+ "' must not start with '/'");
		}
		eventMiddlewares = List.copyOf(eventMiddlewares);
		anyListeners = List.copyOf(anyListeners);
		anyOutgoingListeners = List.copyOf(anyOutgoingListeners);
		bootstrapCustomizers = List.copyOf(bootstrapCustomizers);
		requestFilters = List.copyOf(requestFilters);
	}

	/**
	 * Start a spec with what every server needs; everything else has a default: port 9092 on
	 * every interface, the default namespace only, the default parser, a single node, anonymous
	 * clients, no middleware, no request filter, no limits, plain connections.
	 * @param settings the Engine.IO settings
	 * @param dispatcher runs the handlers of events
	 * @param json the JSON mapper of packets
	 * @return a builder
	 */
	public static Builder builder(EngineIoSettings settings, IoEventDispatcher dispatcher, IoJsonMapper json) {
		return new Builder(settings, dispatcher, json);
	}

	/**
	 * Where a server listens, with how many network threads, and on which transport.
	 *
	 * @param host the address to bind, such as {@code 0.0.0.0}
	 * @param port the port, 0 for any free one
	 * @param bossThreads the threads accepting connections
	 * @param workerThreads the threads serving connections, 0 for Netty's default (twice the
	 * number of processors)
	 * @param nativeTransport whether to use Netty's native epoll transport: {@code null} to
	 * use it where it can run, {@code true} to ask for it (a warning where it cannot run),
	 * {@code false} for Java NIO
	 */
	public record Bind(String host, int port, int bossThreads, int workerThreads, Boolean nativeTransport) {

		/**
		 * Validate the values.
		 */
		public Bind {
			Assert.hasText(host, "'host' must not be empty");
			Assert.isTrue(port >= 0 && port <= 65535, "'port' must be between 0 and 65535");
			Assert.isTrue(bossThreads > 0, "'bossThreads' must be positive");
			Assert.isTrue(workerThreads >= 0, "'workerThreads' must not be negative");
		}

		/**
		 * Bind on the native transport where it can run, Java NIO otherwise.
		 * @param host the address to bind
		 * @param port the port, 0 for any free one
		 * @param bossThreads the threads accepting connections
		 * @param workerThreads the threads serving connections, 0 for Netty's default
		 */
		public Bind(String host, int port, int bossThreads, int workerThreads) {
			this(host, port, bossThreads, workerThreads, null);
		}

		/**
		 * Bind every interface, with one accepting thread and Netty's default number of
		 * serving threads, on the native transport where it can run.
		 * @param port the port, 0 for any free one
		 * @return the bind
		 */
		public static Bind port(int port) {
			return new Bind("0.0.0.0", port, 1, 0);
		}

	}

	/**
	 * Builds an {@link IoServerSpec}.
	 */
	public static final class Builder {

		private final EngineIoSettings settings;

		private final IoEventDispatcher dispatcher;

		private final IoJsonMapper json;

		private Bind bind = Bind.port(9092);

		private final List<String> namespaces = new ArrayList<>();

		private IoParser parser = IoParser.DEFAULT;

		private int handlerThreads = DEFAULT_HANDLER_THREADS;

		private boolean virtualThreads;

		private IoAdapter adapter = new IoAdapter() {
		};

		private IoPrincipalResolver principals = IoPrincipalResolver.ANONYMOUS;

		private final List<IoMiddleware> middlewares = new ArrayList<>();

		private final List<IoDynamicNamespace> dynamicNamespaces = new ArrayList<>();

		private final List<IoEventMiddleware> eventMiddlewares = new ArrayList<>();

		private final List<IoAnyListener> anyListeners = new ArrayList<>();

		private final List<IoAnyOutgoingListener> anyOutgoingListeners = new ArrayList<>();

		private ConnectionStateRecovery recovery = ConnectionStateRecovery.DISABLED;

		private IoLimits limits = IoLimits.NONE;

		private SslBundle ssl;

		private final List<IoServerBootstrapCustomizer> bootstrapCustomizers = new ArrayList<>();

		private final List<IoRequestFilter> requestFilters = new ArrayList<>();

		private Builder(EngineIoSettings settings, IoEventDispatcher dispatcher, IoJsonMapper json) {
			this.settings = settings;
			this.dispatcher = dispatcher;
			this.json = json;
		}

		/**
		 * Set where the server listens.
		 * @param bind the address, port and network threads
		 * @return this builder
		 */
		public Builder bind(Bind bind) {
			this.bind = bind;
			return this;
		}

		/**
		 * Add namespaces clients may connect to, besides {@code /}.
		 * @param namespaces the names, such as {@code /custom}
		 * @return this builder
		 */
		public Builder namespaces(Iterable<String> namespaces) {
			namespaces.forEach(this.namespaces::add);
			return this;
		}

		/**
		 * Set how packets are encoded on the wire.
		 * @param parser the parser clients use
		 * @return this builder
		 */
		public Builder parser(IoParser parser) {
			this.parser = parser;
			return this;
		}

		/**
		 * Set the number of threads handlers run on.
		 * @param handlerThreads the number of threads
		 * @return this builder
		 */
		public Builder handlerThreads(int handlerThreads) {
			this.handlerThreads = handlerThreads;
			return this;
		}

		/**
		 * Run handlers on virtual threads (Java 21 and later) instead of the pool.
		 * @param virtualThreads whether to
		 * @return this builder
		 */
		public Builder virtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
			return this;
		}

		/**
		 * Set the adapter that reaches the other nodes.
		 * @param adapter the adapter
		 * @return this builder
		 */
		public Builder adapter(IoAdapter adapter) {
			this.adapter = adapter;
			return this;
		}

		/**
		 * Set what decides who a connecting client is.
		 * @param principals the resolver
		 * @return this builder
		 */
		public Builder principals(IoPrincipalResolver principals) {
			this.principals = principals;
			return this;
		}

		/**
		 * Add middlewares, run in order when a client connects to a namespace.
		 * @param middlewares the middlewares
		 * @return this builder
		 */
		public Builder middlewares(Iterable<IoMiddleware> middlewares) {
			middlewares.forEach(this.middlewares::add);
			return this;
		}

		/**
		 * Add groups of namespaces created when a client first connects to one of them.
		 * @param groups the groups, tried in order
		 * @return this builder
		 */
		public Builder dynamicNamespaces(Iterable<IoDynamicNamespace> groups) {
			groups.forEach(this.dynamicNamespaces::add);
			return this;
		}

		/**
		 * Add event middlewares, run in order before the handlers of each event.
		 * @param middlewares the middlewares
		 * @return this builder
		 */
		public Builder eventMiddlewares(Iterable<IoEventMiddleware> middlewares) {
			middlewares.forEach(this.eventMiddlewares::add);
			return this;
		}

		/**
		 * Add listeners told each event a client sends.
		 * @param listeners the listeners, told in order
		 * @return this builder
		 */
		public Builder anyListeners(Iterable<IoAnyListener> listeners) {
			listeners.forEach(this.anyListeners::add);
			return this;
		}

		/**
		 * Add listeners told each event written to a socket.
		 * @param listeners the listeners, told in order
		 * @return this builder
		 */
		public Builder anyOutgoingListeners(Iterable<IoAnyOutgoingListener> listeners) {
			listeners.forEach(this.anyOutgoingListeners::add);
			return this;
		}

		/**
		 * Set connection state recovery.
		 * @param recovery the settings
		 * @return this builder
		 */
		public Builder recovery(ConnectionStateRecovery recovery) {
			this.recovery = recovery;
			return this;
		}

		/**
		 * Set the limits.
		 * @param limits the limits
		 * @return this builder
		 */
		public Builder limits(IoLimits limits) {
			this.limits = limits;
			return this;
		}

		/**
		 * Serve over TLS with the key material of a Spring Boot SSL bundle.
		 * @param ssl the bundle, or {@code null} for plain connections
		 * @return this builder
		 */
		public Builder ssl(SslBundle ssl) {
			this.ssl = ssl;
			return this;
		}

		/**
		 * Add customizers of the Netty bootstrap.
		 * @param customizers the customizers, applied in order
		 * @return this builder
		 */
		public Builder bootstrapCustomizers(Iterable<IoServerBootstrapCustomizer> customizers) {
			customizers.forEach(this.bootstrapCustomizers::add);
			return this;
		}

		/**
		 * Add filters of the requests that open sessions.
		 * @param filters the filters, asked in order
		 * @return this builder
		 */
		public Builder requestFilters(Iterable<IoRequestFilter> filters) {
			filters.forEach(this.requestFilters::add);
			return this;
		}

		/**
		 * Build the spec.
		 * @return the spec
		 */
		public IoServerSpec build() {
			return new IoServerSpec(this.bind, this.settings, this.namespaces, this.dispatcher, this.json,
					this.parser, this.handlerThreads, this.virtualThreads, this.adapter, this.principals, this.middlewares,
					this.dynamicNamespaces, this.eventMiddlewares, this.anyListeners, this.anyOutgoingListeners,
					this.recovery, this.limits, this.ssl, this.bootstrapCustomizers, this.requestFilters);
		}

	}

}
