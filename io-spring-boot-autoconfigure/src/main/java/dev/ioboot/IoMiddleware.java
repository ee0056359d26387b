package dev.ioboot;

/**
 * Runs when a client connects to a namespace, before the socket is connected: the
 * counterpart of Socket.IO's {@code io.use((socket, next) => ...)}. Every middleware bean runs
 * in {@link org.springframework.core.annotation.Order order}, after the client's principal is
 * known, on a handler thread (it may block briefly). A middleware can read the handshake and
 * its {@code auth} payload, attach values with {@link IoSocket#set(String, Object)}, join
 * rooms, or refuse the client by throwing {@link IoConnectException}: the client receives
 * a {@code connect_error} with its message and data, and no later middleware runs. The
 * socket cannot emit yet: what it would emit is dropped.
 */
@FunctionalInterface
public interface IoMiddleware {

	/**
	 * Check or prepare a connecting socket.
	 * @param socket the socket, not yet connected
	 * @throws IoConnectException to refuse the client with a message it receives
	 */
	void connect(IoSocket socket) throws IoConnectException;

}
