package dev.ioboot.observation;

import org.slf4j.MDC;

import org.springframework.core.Ordered;

import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEventHandling;
import dev.ioboot.event.IoHandlerDecorator;

/**
 * Puts the socket id, the namespace and the event name in the SLF4J {@link MDC} while a
 * handler runs, and while the result it returned completes, under {@value #SOCKET_ID},
 * {@value #NAMESPACE} and {@value #EVENT}; what the thread had under those keys is restored
 * afterwards. Event names longer than 100 characters are cut.
 */
public class MdcHandlerDecorator implements IoHandlerDecorator, Ordered {

	/**
	 * The MDC key of the socket id, absent for events other nodes send.
	 */
	public static final String SOCKET_ID = "io.socket.id";

	/**
	 * The MDC key of the namespace.
	 */
	public static final String NAMESPACE = "io.namespace";

	/**
	 * The MDC key of the event name.
	 */
	public static final String EVENT = "io.event";

	/**
	 * The order of this decorator: just after the {@link ObservationHandlerDecorator}.
	 */
	public static final int ORDER = ObservationHandlerDecorator.ORDER + 10;

	private static final int MAX_EVENT_LENGTH = 100;

	@Override
	public Runnable decorate(IoSocket socket, Runnable call) {
		if (socket == null) {
			return call;
		}
		return decorated(socket.id(), socket.namespace(), null, call);
	}

	@Override
	public Runnable decorate(IoEventHandling handling, Runnable call) {
		IoSocket socket = handling.socket();
		return decorated((socket != null) ? socket.id() : null, handling.namespace(), cut(handling.event()), call);
	}

	private static Runnable decorated(String socketId, String namespace, String event, Runnable call) {
		return () -> {
			String previousSocketId = MDC.get(SOCKET_ID);
			String previousNamespace = MDC.get(NAMESPACE);
			String previousEvent = MDC.get(EVENT);
			put(SOCKET_ID, socketId);
			put(NAMESPACE, namespace);
			put(EVENT, event);
			try {
				call.run();
			}
			finally {
				put(SOCKET_ID, previousSocketId);
				put(NAMESPACE, previousNamespace);
				put(EVENT, previousEvent);
			}
		};
	}

	private static void put(String key, String value) {
		if (value != null) {
			MDC.put(key, value);
		}
		else {
			MDC.remove(key);
		}
	}

	private static String cut(String event) {
		return (event.length() <= MAX_EVENT_LENGTH) ? event : event.substring(0, MAX_EVENT_LENGTH) + "...";
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
