package dev.ioboot.sample.events;

import dev.ioboot.server.IoHandshakeRequest;
import dev.ioboot.server.IoRequestFilter;
import org.springframework.stereotype.Component;

/**
 * A request filter, the counterpart of socket.io's {@code allowRequest(req, callback)}: it
 * refuses to open a session for a request carrying the header {@code X-Blocked: 1}, say one
 * an API gateway marked. The refused client never gets a session: a polling handshake is
 * answered {@code 403} with {@code {"code":4,"message":"Blocked by the X-Blocked header"}}, a
 * websocket handshake {@code 400} with the message as text, and socket.io-client reports a
 * {@code connect_error}. Filters are asked on the handler threads, so one may look a client
 * up in a database.
 */
@Component
public class BlockedClientFilter implements IoRequestFilter {

	/** What a refused client reads. */
	public static final String MESSAGE = "Blocked by the X-Blocked header";

	@Override
	public Decision filter(IoHandshakeRequest request) {
		return "1".equals(request.header("x-blocked")) ? Decision.deny(MESSAGE) : Decision.allow();
	}

}
