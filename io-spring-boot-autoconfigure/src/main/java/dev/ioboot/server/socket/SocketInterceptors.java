package dev.ioboot.server.socket;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

import dev.ioboot.IoMiddleware;
import dev.ioboot.IoNamespace;
import dev.ioboot.event.IoAnyListener;
import dev.ioboot.event.IoAnyOutgoingListener;
import dev.ioboot.event.IoEventMiddleware;

/**
 * The middlewares and listeners of the sockets, each kept for the namespaces its
 * {@link IoNamespace @IoNamespace} names (all of them without one).
 */
final class SocketInterceptors {

	private final List<IoMiddleware> connect;

	private final List<IoEventMiddleware> events;

	private final List<IoAnyListener> incoming;

	private final List<IoAnyOutgoingListener> outgoing;

	private final Map<String, Scoped> byNamespace = new ConcurrentHashMap<>();

	SocketInterceptors(List<IoMiddleware> connect, List<IoEventMiddleware> events, List<IoAnyListener> incoming,
			List<IoAnyOutgoingListener> outgoing) {
		this.connect = List.copyOf(connect);
		this.events = List.copyOf(events);
		this.incoming = List.copyOf(incoming);
		this.outgoing = List.copyOf(outgoing);
	}

	/**
	 * Return the interceptors of a namespace.
	 * @param namespace the namespace
	 * @param group the dynamic namespace group it belongs to, or {@code null}
	 * @return the interceptors, in order
	 */
	Scoped of(String namespace, String group) {
		return this.byNamespace.computeIfAbsent(namespace,
				(name) -> new Scoped(select(this.connect, name, group), select(this.events, name, group),
						select(this.incoming, name, group), select(this.outgoing, name, group)));
	}

	/**
	 * Forget the interceptors of a namespace that no longer exists.
	 * @param namespace the namespace
	 */
	void forget(String namespace) {
		this.byNamespace.remove(namespace);
	}

	private static <T> List<T> select(List<T> beans, String namespace, String group) {
		return beans.stream().filter((bean) -> appliesTo(bean, namespace, group)).toList();
	}

	private static boolean appliesTo(Object bean, String namespace, String group) {
		IoNamespace scope = AnnotatedElementUtils.findMergedAnnotation(AopUtils.getTargetClass(bean),
				IoNamespace.class);
		if (scope == null) {
			return true;
		}
		for (String name : scope.value()) {
			if (name.equals(namespace) || name.equals(group)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The interceptors of one namespace.
	 *
	 * @param connect run when a client connects
	 * @param events run before the handlers of each event
	 * @param incoming told each event, before its handler
	 * @param outgoing told each event written to a socket
	 */
	record Scoped(List<IoMiddleware> connect, List<IoEventMiddleware> events, List<IoAnyListener> incoming,
			List<IoAnyOutgoingListener> outgoing) {

		/**
		 * Return whether the event middlewares and the incoming listeners all declared that
		 * they never block, so that an event may pass them on a network thread.
		 * @return {@code true} if none may block (or there are none)
		 */
		boolean nonBlocking() {
			return this.events.stream().allMatch(IoEventMiddleware::isNonBlocking)
					&& this.incoming.stream().allMatch(IoAnyListener::isNonBlocking);
		}

	}

}
