package dev.ioboot.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.IoContext;
import dev.ioboot.IoSocket;

/**
 * The event handlers of the application, by namespace and event name, and the
 * {@link IoEventDispatcher} that calls them: a handler's return value becomes the
 * acknowledgement, a handler's exception is logged once and acknowledged as
 * {@code {"error": message}}; the socket stays connected.
 */
public class IoEventHandlerRegistry implements IoEventDispatcher {

	private static final Log logger = LogFactory.getLog(IoEventHandlerRegistry.class);

	private final Supplier<IoContext> context;

	private final Map<String, Map<String, List<EventInvoker>>> handlers = new ConcurrentHashMap<>();

	private final Map<String, Map<String, EventInvoker>> serverHandlers = new ConcurrentHashMap<>();

	/**
	 * Create a registry.
	 * @param context supplies the context handed to handlers, resolved on first use
	 */
	public IoEventHandlerRegistry(Supplier<IoContext> context) {
		this.context = context;
	}

	/**
	 * Register a handler bean.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param beanName the bean name, for messages
	 * @param handler the handler
	 */
	public void register(String namespace, String event, String beanName, IoEventHandler handler) {
		add(namespace, event, new HandlerBeanInvoker(beanName, handler));
	}

	void add(String namespace, String event, EventInvoker invoker) {
		List<EventInvoker> invokers = this.handlers.computeIfAbsent(namespace, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(event, (key) -> Collections.synchronizedList(new ArrayList<>()));
		boolean lifecycle = IoEvent.CONNECTION.equals(event) || IoEvent.DISCONNECT.equals(event);
		if (!lifecycle && !invokers.isEmpty()) {
			throw new IllegalStateException("Two handlers for event '" + event + "' on namespace '" + namespace
					+ "': " + invokers.get(0).description() + " and " + invoker.description());
		}
		invokers.add(invoker);
	}

	void addServerSide(String namespace, String event, EventInvoker invoker) {
		EventInvoker existing = this.serverHandlers.computeIfAbsent(namespace, (key) -> new ConcurrentHashMap<>())
			.putIfAbsent(event, invoker);
		if (existing != null) {
			throw new IllegalStateException("Two server-side handlers for event '" + event + "' on namespace '"
					+ namespace + "': " + existing.description() + " and " + invoker.description());
		}
	}

	@Override
	public void onServerSideEvent(String namespace, String event, List<Object> args,
			java.util.function.Consumer<Object> ack) {
		EventInvoker invoker = this.serverHandlers.getOrDefault(namespace, Map.of()).get(event);
		if (invoker == null) {
			if (logger.isDebugEnabled()) {
				logger.debug("No server-side handler for event '" + event + "' on namespace " + namespace);
			}
			return;
		}
		IoAck reply = new IoAck() {

			private final java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();

			@Override
			public boolean requested() {
				return ack != null;
			}

			@Override
			public void send(Object... values) {
				if (ack != null && this.sent.compareAndSet(false, true)) {
					ack.accept((values.length > 0) ? values[0] : null);
				}
			}

		};
		try {
			Object result = invoker.invoke(this.context.get(), null, args, reply);
			reply.send((result != null) ? new Object[] { result } : new Object[0]);
		}
		catch (Exception ex) {
			logger.error("Server-side handler for event '" + event + "' failed (namespace " + namespace + ", "
					+ invoker.description() + ")", ex);
			reply.send(Map.of("error", message(ex)));
		}
	}

	/**
	 * Return the namespaces handlers listen on.
	 * @return the namespaces
	 */
	public Set<String> namespaces() {
		return Collections.unmodifiableSet(this.handlers.keySet());
	}

	/**
	 * Return the events handled on a namespace.
	 * @param namespace the namespace
	 * @return the event names
	 */
	public Set<String> events(String namespace) {
		return Collections.unmodifiableSet(this.handlers.getOrDefault(namespace, Map.of()).keySet());
	}

	private List<EventInvoker> find(String namespace, String event) {
		return this.handlers.getOrDefault(namespace, Map.of()).getOrDefault(event, List.of());
	}

	@Override
	public void onConnect(IoSocket socket) {
		for (EventInvoker invoker : find(socket.namespace(), IoEvent.CONNECTION)) {
			callListener(invoker, IoEvent.CONNECTION, socket, List.of());
		}
	}

	@Override
	public void onDisconnect(IoSocket socket, String reason) {
		for (EventInvoker invoker : find(socket.namespace(), IoEvent.DISCONNECT)) {
			callListener(invoker, IoEvent.DISCONNECT, socket, List.of(reason));
		}
	}

	private void callListener(EventInvoker invoker, String event, IoSocket socket, List<Object> args) {
		try {
			invoker.invoke(this.context.get(), socket, args, NoAck.INSTANCE);
		}
		catch (Exception ex) {
			logFailure(event, socket, invoker, ex);
		}
	}

	@Override
	public Outcome onEvent(IoSocket socket, String event, List<Object> args, IoAck ack) {
		if (IoEvent.CONNECTION.equals(event)) {
			logger.debug("Ignoring a client event named 'connection' from socket " + socket.id());
			return Outcome.UNHANDLED;
		}
		List<EventInvoker> invokers = find(socket.namespace(), event);
		if (invokers.isEmpty()) {
			if (logger.isDebugEnabled()) {
				logger.debug("No handler for event '" + abbreviate(event) + "' on namespace " + socket.namespace());
			}
			return Outcome.UNHANDLED;
		}
		EventInvoker invoker = invokers.get(0);
		Object result;
		try {
			result = invoker.invoke(this.context.get(), socket, args, ack);
		}
		catch (Exception ex) {
			logFailure(event, socket, invoker, ex);
			ack.send(Map.of("error", message(ex)));
			return Outcome.FAILED;
		}
		try {
			if (result != null) {
				ack.send(result);
			}
			else {
				ack.send();
			}
		}
		catch (RuntimeException ex) {
			logger.error("The acknowledgement of event '" + abbreviate(event) + "' on socket " + socket.id()
					+ " could not be written (" + invoker.description() + ")", ex);
			ack.send(Map.of("error", "The acknowledgement could not be written"));
			return Outcome.FAILED;
		}
		return Outcome.HANDLED;
	}

	/**
	 * Shorten a client-chosen event name for a log line.
	 */
	private static String abbreviate(String event) {
		return (event.length() <= 100) ? event : event.substring(0, 100) + "... (" + event.length() + " characters)";
	}

	private static String message(Exception ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	private static void logFailure(String event, IoSocket socket, EventInvoker invoker, Exception ex) {
		logger.error("Handler for event '" + event + "' failed on socket " + socket.id() + " (namespace "
				+ socket.namespace() + ", " + invoker.description() + ")", ex);
	}

	/**
	 * The acknowledgement of lifecycle callbacks, which clients cannot ask for.
	 */
	private enum NoAck implements IoAck {

		INSTANCE;

		@Override
		public boolean requested() {
			return false;
		}

		@Override
		public void send(Object... args) {
		}

	}

}
