package dev.ioboot.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.ioboot.IoContext;

/**
 * The event handlers of the application, by namespace and event name, with their
 * {@link IoExceptionHandler} methods. Filled at startup by the
 * {@link IoEventAnnotationProcessor} (or by {@link #register}); the
 * {@link DefaultIoEventDispatcher} calls them.
 */
public class IoEventHandlerRegistry {

	private final Supplier<IoContext> context;

	private final Map<String, Map<String, List<EventInvoker>>> handlers = new ConcurrentHashMap<>();

	private final Map<String, Map<String, EventInvoker>> serverHandlers = new ConcurrentHashMap<>();

	private final IoExceptionHandlers exceptionHandlers = new IoExceptionHandlers();

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
	 * @throws IllegalStateException if another handler listens to the event (but for
	 * {@code connection} and {@code disconnect}, which may have several)
	 */
	public void register(String namespace, String event, String beanName, IoEventHandler handler) {
		register(namespace, event, beanName, handler, false);
	}

	/**
	 * Register a handler bean, saying whether it blocks.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param beanName the bean name, for messages
	 * @param handler the handler
	 * @param nonBlocking whether the handler never blocks, as {@link IoEvent#nonBlocking()}
	 * @throws IllegalStateException if another handler listens to the event (but for
	 * {@code connection} and {@code disconnect}, which may have several)
	 */
	public void register(String namespace, String event, String beanName, IoEventHandler handler,
			boolean nonBlocking) {
		add(namespace, event, new HandlerBeanInvoker(beanName, handler, this.context, nonBlocking));
	}

	void add(String namespace, String event, EventInvoker invoker) {
		List<EventInvoker> invokers = this.handlers.computeIfAbsent(namespace, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(event, (key) -> Collections.synchronizedList(new ArrayList<>()));
		if (!isLifecycle(event) && !invokers.isEmpty()) {
			throw new IllegalStateException("Two handlers for event '" + event + "' on namespace '" + namespace
					+ "': " + invokers.get(0).description() + " and " + invoker.description());
		}
		invokers.add(invoker);
	}

	/**
	 * Return whether an event is one of a socket's lifecycle: {@code connection},
	 * {@code disconnecting} or {@code disconnect}.
	 */
	static boolean isLifecycle(String event) {
		return IoEvent.CONNECTION.equals(event) || IoEvent.DISCONNECTING.equals(event)
				|| IoEvent.DISCONNECT.equals(event);
	}

	void addServerSide(String namespace, String event, EventInvoker invoker) {
		EventInvoker existing = this.serverHandlers.computeIfAbsent(namespace, (key) -> new ConcurrentHashMap<>())
			.putIfAbsent(event, invoker);
		if (existing != null) {
			throw new IllegalStateException("Two server-side handlers for event '" + event + "' on namespace '"
					+ namespace + "': " + existing.description() + " and " + invoker.description());
		}
	}

	List<EventInvoker> find(String namespace, String event) {
		return this.handlers.getOrDefault(namespace, Map.of()).getOrDefault(event, List.of());
	}

	EventInvoker findServerSide(String namespace, String event) {
		return this.serverHandlers.getOrDefault(namespace, Map.of()).get(event);
	}

	IoExceptionHandlers exceptionHandlers() {
		return this.exceptionHandlers;
	}

	Supplier<IoContext> context() {
		return this.context;
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

}
