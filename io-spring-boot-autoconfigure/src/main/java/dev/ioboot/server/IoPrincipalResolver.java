package dev.ioboot.server;

import dev.ioboot.IoConnectException;
import dev.ioboot.IoHandshake;
import dev.ioboot.IoPrincipal;

/**
 * Decides who a client connecting to a namespace is, before the socket is connected: before
 * any {@code connection} handler runs and before anything can be delivered to it. The
 * socket joins the principal's rooms.
 */
@FunctionalInterface
public interface IoPrincipalResolver {

	/**
	 * Resolver that admits every client as {@link IoPrincipal#anonymous()}.
	 */
	IoPrincipalResolver ANONYMOUS = (handshake) -> IoPrincipal.anonymous();

	/**
	 * Return the principal of a connecting client. Called on a handler thread, so it may
	 * block briefly (a key set download, a database look-up).
	 * @param handshake the handshake, with the CONNECT packet's {@code auth} payload
	 * @return the principal
	 * @throws IoConnectException to refuse the client, with the message it receives
	 */
	IoPrincipal resolve(IoHandshake handshake) throws IoConnectException;

}
