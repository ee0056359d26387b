package dev.ioboot.server;

import java.time.Duration;
import dev.ioboot.server.protect.ClientAddressPolicy;

/**
 * Limits that protect the server from too many or too demanding clients. A value of
 * {@code 0} switches a limit off.
 *
 * @param maxConnections the most connections (Engine.IO sessions) open at once; the next
 * client receives a {@code connect_error} and is closed
 * @param maxConnectionsPerAddress the most connections open at once from one client address
 * @param eventsPerSecond the events one socket may send per second, on average; as many
 * may come in a burst
 * @param rateExceeded what happens to a socket that sends events faster
 * @param maxBufferedBytes the most bytes waiting to be sent to one client (queued for its
 * next poll, or not yet written to its websocket); a client that falls further behind is
 * closed
 * @param requestTimeout the time a client has to send a complete HTTP request on a
 * connection that is not a websocket, counted from the connection's start or its previous
 * response; {@link Duration#ZERO} for no limit
 * @param addresses the client addresses allowed to connect, and the proxies whose
 * {@code X-Forwarded-For} header is believed
 * @param maxDynamicNamespaces the most namespaces dynamic namespace groups may create; a
 * client asking for one more is refused with {@code Invalid namespace}; {@code 0} for no limit
 */
public record IoLimits(int maxConnections, int maxConnectionsPerAddress, int eventsPerSecond,
		RateExceededAction rateExceeded, long maxBufferedBytes, Duration requestTimeout,
		ClientAddressPolicy addresses, int maxDynamicNamespaces) {

	/**
	 * No limit at all: every address, any number of connections, events and namespaces.
	 */
	public static final IoLimits NONE = new IoLimits(0, 0, 0, RateExceededAction.ERROR, 0, Duration.ZERO,
			ClientAddressPolicy.ANY, 0);

	/**
	 * Create limits without a bound on dynamic namespaces.
	 * @param maxConnections the most connections open at once
	 * @param maxConnectionsPerAddress the most connections open at once from one address
	 * @param eventsPerSecond the events one socket may send per second
	 * @param rateExceeded what happens to a socket that sends events faster
	 * @param maxBufferedBytes the most bytes waiting to be sent to one client
	 * @param requestTimeout the time a client has to send a complete HTTP request
	 * @param addresses the client addresses allowed to connect
	 */
	public IoLimits(int maxConnections, int maxConnectionsPerAddress, int eventsPerSecond,
			RateExceededAction rateExceeded, long maxBufferedBytes, Duration requestTimeout,
			ClientAddressPolicy addresses) {
		this(maxConnections, maxConnectionsPerAddress, eventsPerSecond, rateExceeded, maxBufferedBytes,
				requestTimeout, addresses, 0);
	}

	/**
	 * What happens to a socket that sends more events than it may.
	 */
	public enum RateExceededAction {

		/**
		 * The excess events are dropped and the socket receives one {@code error} event
		 * each time it starts exceeding the rate.
		 */
		ERROR,

		/**
		 * The socket is disconnected from its namespace.
		 */
		DISCONNECT

	}

}
