package dev.ioboot.server.engine;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.server.IoHandshakeRequest;
import dev.ioboot.server.IoRequestFilter;
import dev.ioboot.server.Transport;

/**
 * The {@link IoRequestFilter}s asked before a session opens, in order, on threads that may
 * block.
 */
final class RequestFilters {

	private static final Log logger = LogFactory.getLog(RequestFilters.class);

	private final List<IoRequestFilter> filters;

	private final Executor executor;

	RequestFilters(List<IoRequestFilter> filters, Executor executor) {
		this.filters = List.copyOf(filters);
		this.executor = executor;
	}

	boolean isEmpty() {
		return this.filters.isEmpty();
	}

	/**
	 * Ask the filters about a request, on the executor.
	 * @param transport the transport the session would use
	 * @param handshake the request
	 * @param decided given the decision, on the executor's thread
	 * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down
	 */
	void filter(Transport transport, TransportHandshake handshake, Consumer<IoRequestFilter.Decision> decided) {
		IoHandshakeRequest request = new IoHandshakeRequest(transport, handshake.headers(), handshake.query(),
				handshake.clientAddress(), handshake.url(), handshake.secure());
		this.executor.execute(() -> decided.accept(decide(request)));
	}

	private IoRequestFilter.Decision decide(IoHandshakeRequest request) {
		for (IoRequestFilter filter : this.filters) {
			IoRequestFilter.Decision decision;
			try {
				decision = filter.filter(request);
			}
			catch (RuntimeException ex) {
				logger.warn("Request filter " + filter.getClass().getName() + " failed; denying the request from "
						+ request.address(), ex);
				return IoRequestFilter.Decision.deny();
			}
			if (decision == null) {
				logger.warn("Request filter " + filter.getClass().getName()
						+ " returned no decision; denying the request from " + request.address());
				return IoRequestFilter.Decision.deny();
			}
			if (!decision.allowed()) {
				return decision;
			}
		}
		return IoRequestFilter.Decision.allow();
	}

}
