package dev.ioboot.actuate;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import dev.ioboot.server.IoServer;
import dev.ioboot.server.IoServerListener;

/**
 * Micrometer meters of the Socket.IO server, tagged by namespace:
 * <ul>
 * <li>{@code io.connections}: sockets connected now (gauge);</li>
 * <li>{@code io.connections.opened}: sockets connected (counter);</li>
 * <li>{@code io.connections.rejected}: clients refused, tagged by {@code reason}
 * (counter); the namespace of a client refused before it named one is {@code none}, an
 * unknown namespace is {@value #OTHER};</li>
 * <li>{@code io.events.received}, {@code io.events.sent}: events, tagged by {@code event}
 * (counters); {@code io.events.dropped}: received events dropped unhandled, tagged by
 * {@code event} and {@code reason};</li>
 * <li>{@code io.handler.duration}: handler run time, tagged by {@code event} and
 * {@code outcome} ({@code success} or {@code error}) (timer).</li>
 * </ul>
 * Event names come from clients: only the first {@code maxEventNames} distinct names of 100
 * characters or fewer become tag values, every other name is tagged {@value #OTHER}.
 */
public class IoMetrics implements MeterBinder, IoServerListener {

	/**
	 * The tag value of event names beyond the limit.
	 */
	public static final String OTHER = "OTHER";

	private static final int MAX_EVENT_NAME_LENGTH = 100;

	private final IoServer server;

	private final int maxEventNames;

	private final Set<String> eventNames = ConcurrentHashMap.newKeySet();

	private final Set<String> gauged = ConcurrentHashMap.newKeySet();

	private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

	private final Map<String, Counter> opened = new ConcurrentHashMap<>();

	private final Map<EventKey, Counter> received = new ConcurrentHashMap<>();

	private final Map<EventKey, Counter> sent = new ConcurrentHashMap<>();

	private final Map<EventKey, Counter> dropped = new ConcurrentHashMap<>();

	private final Map<EventKey, Timer> handled = new ConcurrentHashMap<>();

	/**
	 * Create the meters of a server.
	 * @param server the server
	 * @param maxEventNames the most distinct event names used as tag values
	 */
	public IoMetrics(IoServer server, int maxEventNames) {
		this.server = server;
		this.maxEventNames = maxEventNames;
	}

	/**
	 * Register the gauge of a namespace, once: those configured when a registry is bound,
	 * those an init hook adds when their first socket connects.
	 */
	private void gauge(String namespace) {
		if (this.gauged.add(namespace)) {
			Gauge.builder("io.connections", this.server, (s) -> s.isRunning() ? s.connectedSockets(namespace) : 0)
				.description("Sockets connected to the namespace")
				.tag("namespace", namespace)
				.register(this.registry);
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		// the registry first: Micrometer warns when one joins a composite that has meters
		this.registry.add(registry);
		this.server.namespaces().forEach(this::gauge);
	}

	@Override
	public void socketConnected(String namespace) {
		gauge(namespace);
		this.opened.computeIfAbsent(namespace, (key) -> Counter.builder("io.connections.opened")
			.description("Sockets connected to the namespace")
			.tag("namespace", key)
			.register(this.registry)).increment();
	}

	@Override
	public void connectionRejected(String namespace, String reason) {
		// rare, and the reasons are few: no cache
		Counter.builder("io.connections.rejected")
			.description("Clients refused")
			.tags("namespace", namespaceTag(namespace), "reason", reason)
			.register(this.registry)
			.increment();
	}

	@Override
	public void eventReceived(String namespace, String event) {
		counter(this.received, "io.events.received", "Events received from sockets", namespace, event).increment();
	}

	@Override
	public void eventDropped(String namespace, String event, String reason) {
		// a flooding client has many events dropped: the counter is looked up, not built, each time
		EventKey key = new EventKey(namespace, tag(event), reason);
		this.dropped.computeIfAbsent(key, (k) -> Counter.builder("io.events.dropped")
			.description("Events received from sockets and dropped unhandled")
			.tags("namespace", k.namespace(), "event", k.event(), "reason", k.detail())
			.register(this.registry)).increment();
	}

	@Override
	public void eventSent(String namespace, String event, int sockets) {
		counter(this.sent, "io.events.sent", "Events sent to sockets", namespace, event).increment(sockets);
	}

	@Override
	public void eventHandled(String namespace, String event, long nanos, boolean failed) {
		EventKey key = new EventKey(namespace, tag(event), failed ? "error" : "success");
		this.handled.computeIfAbsent(key, (k) -> Timer.builder("io.handler.duration")
			.description("Time event handlers ran")
			.tags(Tags.of("namespace", k.namespace(), "event", k.event(), "outcome", k.detail()))
			.register(this.registry)).record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Return the tag value of the namespace of a refused client: {@code none} when it named
	 * none, {@value #OTHER} when it named one the server does not have (the name comes from
	 * the client: one tag value per name would let clients create meters without end).
	 */
	private String namespaceTag(String namespace) {
		if (namespace == null) {
			return "none";
		}
		return this.server.namespaces().contains(namespace) ? namespace : OTHER;
	}

	private Counter counter(Map<EventKey, Counter> counters, String name, String description, String namespace,
			String event) {
		Counter counter = counters.get(new EventKey(namespace, event, null));
		if (counter != null) {
			return counter;
		}
		EventKey key = new EventKey(namespace, tag(event), null);
		return counters.computeIfAbsent(key, (k) -> Counter.builder(name)
			.description(description)
			.tags("namespace", k.namespace(), "event", k.event())
			.register(this.registry));
	}

	/**
	 * Return the tag value of an event name: the name itself while fewer than
	 * {@code maxEventNames} names are known, else {@value #OTHER}.
	 */
	private String tag(String event) {
		if (this.eventNames.contains(event)) {
			return event;
		}
		if (event.length() > MAX_EVENT_NAME_LENGTH || this.eventNames.size() >= this.maxEventNames) {
			// no lock once the limit is reached: names only ever get added
			return OTHER;
		}
		synchronized (this.eventNames) {
			if (this.eventNames.size() < this.maxEventNames) {
				this.eventNames.add(event);
				return event;
			}
		}
		return OTHER;
	}

	/**
	 * Return the server the meters describe.
	 * @return the server
	 */
	public IoServer server() {
		return this.server;
	}

	/**
	 * A meter's tags: namespace, event (as tagged), and the outcome or reason, if any.
	 */
	private record EventKey(String namespace, String event, String detail) {
	}

}
