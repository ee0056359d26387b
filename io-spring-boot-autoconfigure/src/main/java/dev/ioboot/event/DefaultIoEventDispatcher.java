package dev.ioboot.event;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.IoSocket;

/**
 * Calls the handlers of an {@link IoEventHandlerRegistry}, with one set of rules for
 * {@link IoEvent} methods and {@link IoEventHandler} beans alike:
 * <ul>
 * <li>the return value is the acknowledgement, {@code null} included; a
 * {@code CompletionStage} or a {@code Mono} acknowledges when it completes; a {@code void}
 * method acknowledges only through {@link IoAck}, so one that never calls it sends no
 * acknowledgement at all, as a Node listener that never calls its callback;</li>
 * <li>an exception, thrown or completing a result, goes to the {@link IoExceptionHandler}
 * methods of the bean, then of the {@link IoControllerAdvice} beans; unclaimed, an
 * {@link IoEventException} acknowledges with its message and anything else with
 * {@code {"error": "Internal server error"}}, logged once with the event, socket, bean and
 * method;</li>
 * <li>every call (and every completion of a later result) runs inside the
 * {@link IoHandlerDecorator}s.</li>
 * </ul>
 */
public class DefaultIoEventDispatcher implements IoEventDispatcher {

	private static final Log logger = LogFactory.getLog(DefaultIoEventDispatcher.class);

	private static final Map<String, String> INTERNAL_ERROR = Map.of("error", "Internal server error");

	private final IoEventHandlerRegistry registry;

	private final List<IoHandlerDecorator> decorators;

	/**
	 * Create a dispatcher.
	 * @param registry the handlers
	 * @param decorators wrap each call, the first outermost
	 */
	public DefaultIoEventDispatcher(IoEventHandlerRegistry registry, List<IoHandlerDecorator> decorators) {
		this.registry = registry;
		this.decorators = List.copyOf(decorators);
	}

	@Override
	public void onConnect(IoSocket socket) {
		for (EventInvoker invoker : this.registry.find(handlerNamespace(socket), IoEvent.CONNECTION)) {
			dispatch(invoker, new IoEventMessage(socket, IoEvent.CONNECTION, List.of(), NoAck.INSTANCE),
					socket.namespace());
		}
	}

	@Override
	public void onDisconnecting(IoSocket socket, String reason) {
		for (EventInvoker invoker : this.registry.find(handlerNamespace(socket), IoEvent.DISCONNECTING)) {
			dispatch(invoker, new IoEventMessage(socket, IoEvent.DISCONNECTING, List.of(reason), NoAck.INSTANCE),
					socket.namespace());
		}
	}

	@Override
	public void onDisconnect(IoSocket socket, String reason) {
		for (EventInvoker invoker : this.registry.find(handlerNamespace(socket), IoEvent.DISCONNECT)) {
			dispatch(invoker, new IoEventMessage(socket, IoEvent.DISCONNECT, List.of(reason), NoAck.INSTANCE),
					socket.namespace());
		}
	}

	@Override
	public Outcome onEvent(IoSocket socket, String event, List<Object> args, IoAck ack) {
		if (IoEvent.CONNECTION.equals(event)) {
			logger.debug("Ignoring a client event named 'connection' from socket " + socket.id());
			return Outcome.UNHANDLED;
		}
		List<EventInvoker> invokers = this.registry.find(handlerNamespace(socket), event);
		if (invokers.isEmpty()) {
			if (logger.isDebugEnabled()) {
				logger.debug("No handler for event '" + abbreviate(event) + "' on namespace " + socket.namespace());
			}
			return Outcome.UNHANDLED;
		}
		return dispatch(invokers.get(0), new IoEventMessage(socket, event, args, ack), socket.namespace());
	}

	@Override
	public boolean isNonBlocking(IoSocket socket, String event) {
		List<EventInvoker> invokers = this.registry.find(handlerNamespace(socket), event);
		// lifecycle handlers run on the handler pool, whatever they declare
		return !invokers.isEmpty() && invokers.get(0).nonBlocking() && !IoEventHandlerRegistry.isLifecycle(event);
	}

	@Override
	public void onServerSideEvent(String namespace, String event, List<Object> args, Consumer<Object> ack) {
		EventInvoker invoker = this.registry.findServerSide(namespace, event);
		if (invoker == null) {
			if (logger.isDebugEnabled()) {
				logger.debug("No server-side handler for event '" + event + "' on namespace " + namespace);
			}
			return;
		}
		IoAck reply = (ack != null) ? new ConsumerAck(ack) : NoAck.INSTANCE;
		dispatch(invoker, new IoEventMessage(null, event, args, reply), namespace);
	}

	private Outcome dispatch(EventInvoker invoker, IoEventMessage message, String namespace) {
		EventHandling handling = new EventHandling(message, namespace);
		Outcome[] outcome = { Outcome.FAILED };
		handling.hold();
		try {
			decorate(handling, () -> outcome[0] = invoke(invoker, handling)).run();
		}
		finally {
			handling.release();
		}
		return outcome[0];
	}

	private Outcome invoke(EventInvoker invoker, EventHandling handling) {
		IoEventMessage message = handling.message();
		Object result;
		try {
			result = invoker.invoke(message);
		}
		catch (Exception ex) {
			fail(invoker, handling, ex);
			return Outcome.FAILED;
		}
		if (!invoker.acksWithReturnValue()) {
			return Outcome.HANDLED;
		}
		boolean written = acknowledgeResult(invoker.description(), handling, result,
				(failure) -> fail(invoker, handling, failure));
		return written ? Outcome.HANDLED : Outcome.FAILED;
	}

	private void fail(EventInvoker invoker, EventHandling handling, Throwable failure) {
		handling.failed(failure);
		IoEventMessage message = handling.message();
		InvocableMethod handler = this.registry.exceptionHandlers().find(invoker.bean(), failure);
		if (handler != null) {
			handleWith(handler, handling, failure);
			return;
		}
		if (failure instanceof IoEventException refused) {
			if (refused instanceof IoInvalidPayloadException invalid) {
				logger.info("Invalid payload for event '" + abbreviate(message.event()) + "'" + on(message) + " ("
						+ invoker.description() + "): " + invalid.getDetails());
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Event '" + abbreviate(message.event()) + "'" + on(message) + " refused ("
						+ invoker.description() + "): " + refused.getMessage());
			}
			acknowledge(invoker.description(), handling, refused.toAck());
		}
		else {
			logger.error("Handler for event '" + abbreviate(message.event()) + "' failed" + on(message) + " ("
					+ invoker.description() + ")", failure);
			acknowledge(invoker.description(), handling, INTERNAL_ERROR);
		}
	}

	private void handleWith(InvocableMethod handler, EventHandling handling, Throwable failure) {
		IoEventMessage message = handling.message();
		Consumer<Throwable> handlerFailed = (ex) -> {
			logger.error("Exception handler " + handler.description() + " failed handling "
					+ failure.getClass().getName() + " of event '" + abbreviate(message.event()) + "'" + on(message),
					ex);
			acknowledge(handler.description(), handling, INTERNAL_ERROR);
		};
		Object result;
		try {
			result = handler.invoke(message, failure);
		}
		catch (Exception ex) {
			handlerFailed.accept(ex);
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Exception of event '" + abbreviate(message.event()) + "'" + on(message) + " handled by "
					+ handler.description(), failure);
		}
		if (handler.acksWithReturnValue()) {
			acknowledgeResult(handler.description(), handling, result, handlerFailed);
		}
	}

	/**
	 * Acknowledge with what a handler returned: at once, or when a {@code CompletionStage} or
	 * {@code Mono} completes, inside the decorators again; the handling is complete after
	 * that.
	 * @param onFailure handles a result that completes exceptionally
	 * @return {@code false} if a value at hand could not be written
	 */
	private boolean acknowledgeResult(String description, EventHandling handling, Object result,
			Consumer<Throwable> onFailure) {
		CompletionStage<?> later = AsyncResults.adapt(result);
		if (later == null) {
			return acknowledge(description, handling, result);
		}
		handling.hold();
		later.whenComplete((value, ex) -> {
			try {
				decorate(handling, () -> {
					if (ex != null) {
						onFailure.accept(unwrap(ex));
					}
					else {
						acknowledge(description, handling, value);
					}
				}).run();
			}
			finally {
				handling.release();
			}
		});
		return true;
	}

	/**
	 * Send the acknowledgement; one that cannot be written (a value JSON cannot represent)
	 * is logged and replaced by an error.
	 * @return whether the value was written
	 */
	private static boolean acknowledge(String description, EventHandling handling, Object value) {
		IoEventMessage message = handling.message();
		try {
			message.ack().send(new Object[] { value });
			return true;
		}
		catch (RuntimeException ex) {
			logger.error("The acknowledgement of event '" + abbreviate(message.event()) + "'" + on(message)
					+ " could not be written (" + description + ")", ex);
			message.ack().send(Map.of("error", "The acknowledgement could not be written"));
			handling.failed(ex);
			return false;
		}
	}

	private Runnable decorate(IoEventHandling handling, Runnable call) {
		Runnable decorated = call;
		for (int i = this.decorators.size() - 1; i >= 0; i--) {
			decorated = this.decorators.get(i).decorate(handling, decorated);
		}
		return decorated;
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable unwrapped = failure;
		while ((unwrapped instanceof CompletionException || unwrapped instanceof ExecutionException)
				&& unwrapped.getCause() != null) {
			unwrapped = unwrapped.getCause();
		}
		return unwrapped;
	}

	private static String on(IoEventMessage message) {
		IoSocket socket = message.socket();
		return (socket != null) ? " on socket " + socket.id() + " (namespace " + socket.namespace() + ")"
				: " from another node";
	}

	/**
	 * Return the namespace whose handlers serve a socket: its dynamic namespace group's, if
	 * it has one.
	 */
	private static String handlerNamespace(IoSocket socket) {
		return socket.namespaceGroup().orElse(socket.namespace());
	}

	/**
	 * Shorten a client-chosen event name for a log line.
	 */
	private static String abbreviate(String event) {
		return (event.length() <= 100) ? event : event.substring(0, 100) + "... (" + event.length() + " characters)";
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

	/**
	 * The acknowledgement of a server-side event: its first argument, once.
	 */
	private static final class ConsumerAck implements IoAck {

		private final Consumer<Object> ack;

		private final AtomicBoolean sent = new AtomicBoolean();

		ConsumerAck(Consumer<Object> ack) {
			this.ack = ack;
		}

		@Override
		public boolean requested() {
			return true;
		}

		@Override
		public void send(Object... values) {
			if (this.sent.compareAndSet(false, true)) {
				this.ack.accept((values.length > 0) ? values[0] : null);
			}
		}

	}

}
