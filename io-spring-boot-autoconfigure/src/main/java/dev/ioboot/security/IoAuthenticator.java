package dev.ioboot.security;

import dev.ioboot.IoHandshake;
import dev.ioboot.IoPrincipal;

/**
 * Authenticates clients that name one strategy in their CONNECT payload, such as
 * {@code auth: { strategy: 'jwt', token }}. Declare a bean to add a strategy, or to replace
 * the starter's {@code jwt} or {@code api-token} one: application beans are asked before
 * the starter's, and the first one for a strategy wins.
 */
public interface IoAuthenticator {

	/**
	 * Return the strategy this authenticator handles, as the client names it.
	 * @return the strategy, such as {@code jwt}
	 */
	String strategy();

	/**
	 * Authenticate a connecting client.
	 * @param handshake the handshake; {@link IoHandshake#auth()} holds the CONNECT payload
	 * @return the principal, whose rooms the socket joins
	 * @throws IoAuthenticationException if the client may not connect
	 */
	IoPrincipal authenticate(IoHandshake handshake) throws IoAuthenticationException;

}
