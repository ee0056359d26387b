package dev.ioboot.admin;

import java.util.Map;

import dev.ioboot.IoConnectException;
import dev.ioboot.IoMiddleware;
import dev.ioboot.IoNamespace;
import dev.ioboot.IoSocket;

/**
 * Admits Admin UI sockets that send the configured user name and password in their
 * {@code auth} payload ({@code {username, password}}), or the id of a session opened
 * earlier ({@code {sessionId}}); others receive a {@code connect_error}
 * {@code invalid credentials}, as {@code @socket.io/admin-ui} answers.
 */
@IoNamespace(IoAdminUi.NAMESPACE_GROUP)
public final class AdminUiAuthenticator implements IoMiddleware {

	private final IoAdminUiOptions.Credentials credentials;

	private final AdminUiPasswordVerifier verifier;

	private final AdminUiSessions sessions;

	AdminUiAuthenticator(IoAdminUiOptions.Credentials credentials, AdminUiPasswordVerifier verifier,
			AdminUiSessions sessions) {
		this.credentials = credentials;
		this.verifier = verifier;
		this.sessions = sessions;
	}

	@Override
	public void connect(IoSocket socket) throws IoConnectException {
		Map<String, Object> auth = socket.handshake().auth();
		if (auth.get("sessionId") instanceof String sessionId && this.sessions.exists(sessionId)) {
			return;
		}
		if (this.credentials.username().equals(auth.get("username")) && auth.get("password") instanceof String password
				&& this.verifier.matches(password, this.credentials.passwordHash())) {
			this.sessions.issue(socket.id());
			return;
		}
		throw new IoConnectException("invalid credentials");
	}

}
