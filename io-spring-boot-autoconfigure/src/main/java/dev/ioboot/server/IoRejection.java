package dev.ioboot.server;

/**
 * Why the server refused a client, as told to {@link IoServerListener#connectionRejected}.
 */
public final class IoRejection {

	/**
	 * The server already had {@code io.limits.max-connections} connections.
	 */
	public static final String MAX_CONNECTIONS = "max-connections";

	/**
	 * The client's address already had {@code io.limits.max-connections-per-address}
	 * connections.
	 */
	public static final String MAX_CONNECTIONS_PER_ADDRESS = "max-connections-per-address";

	/**
	 * The client's address is denied, or not allowed.
	 */
	public static final String ADDRESS = "address";

	/**
	 * An {@link IoRequestFilter} denied the request opening the client's session.
	 */
	public static final String REQUEST_FILTER = "request-filter";

	/**
	 * The client could not be authenticated.
	 */
	public static final String AUTHENTICATION = "authentication";

	/**
	 * An {@link dev.ioboot.IoMiddleware} refused the client.
	 */
	public static final String MIDDLEWARE = "middleware";

	/**
	 * The namespace does not exist.
	 */
	public static final String NAMESPACE = "namespace";

	/**
	 * The server is shutting down.
	 */
	public static final String SHUTDOWN = "shutdown";

	/**
	 * Admitting the client failed with an unexpected error.
	 */
	public static final String ERROR = "error";

	private IoRejection() {
	}

}
