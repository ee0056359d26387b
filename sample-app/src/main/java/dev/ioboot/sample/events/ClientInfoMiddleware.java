package dev.ioboot.sample.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ioboot.IoConnectException;
import dev.ioboot.IoMiddleware;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A connect middleware, the counterpart of socket.io's {@code io.use((socket, next) => ...)}:
 * it reads the version of the client application from the {@code auth} payload
 * ({@code {clientVersion: "2.1.0"}}) or, failing that, the {@code X-Client-Version} header,
 * keeps it in the socket's data for later handlers, and refuses clients older than
 * {@code sample.minimum-client-version}. A refused client receives a {@code connect_error}
 * whose {@code message} says why and whose {@code data} is
 * {@code {"minimumVersion": "1.0.0", "clientVersion": "0.9.0"}}, so that it can ask its user
 * to update. Clients that send no version (the live page, scripts) are let in.
 *
 * <p>{@code whoami}: acknowledges with what the server knows of the sender, middleware data
 * included: {@code {"id", "address", "clientVersion", "user", "roles"}}.
 */
@Component
public class ClientInfoMiddleware implements IoMiddleware {

	/** The socket data key of the client's version. */
	public static final String CLIENT_VERSION = "clientVersion";

	private static final String UNKNOWN = "unknown";

	private final String minimumVersion;

	private final List<Integer> minimum;

	/**
	 * Create the middleware.
	 * @param minimumVersion the oldest client version let in, such as {@code 1.0.0}
	 */
	public ClientInfoMiddleware(@Value("${sample.minimum-client-version:0}") String minimumVersion) {
		this.minimumVersion = minimumVersion;
		this.minimum = parse(minimumVersion);
		if (this.minimum == null) {
			throw new IllegalArgumentException("sample.minimum-client-version: '" + minimumVersion
					+ "' is not a version such as 1.0.0");
		}
	}

	@Override
	public void connect(IoSocket socket) {
		String version = clientVersion(socket);
		if (version == null) {
			socket.set(CLIENT_VERSION, UNKNOWN);
			return;
		}
		List<Integer> parsed = parse(version);
		if (parsed == null) {
			throw new IoConnectException("Invalid client version", details(version));
		}
		if (compare(parsed, this.minimum) < 0) {
			throw new IoConnectException("Client version " + version + " is no longer supported, please update",
					details(version));
		}
		socket.set(CLIENT_VERSION, version);
	}

	/**
	 * {@code whoami}: what the server knows of the sender.
	 * @param socket the sender
	 * @return the acknowledgement
	 */
	@IoEvent("whoami")
	public ClientInfo whoami(IoSocket socket) {
		return new ClientInfo(socket.id(), socket.handshake().address(), socket.get(CLIENT_VERSION),
				socket.principal().name(), socket.roles());
	}

	private static String clientVersion(IoSocket socket) {
		Object fromAuth = socket.handshake().auth().get(CLIENT_VERSION);
		if (fromAuth != null) {
			return String.valueOf(fromAuth);
		}
		return socket.handshake().header("x-client-version");
	}

	private Map<String, String> details(String version) {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("minimumVersion", this.minimumVersion);
		details.put("clientVersion", version);
		return details;
	}

	/**
	 * Parse a version made of numbers separated by dots, with an optional suffix such as
	 * {@code -beta.1} that does not count.
	 */
	private static List<Integer> parse(String version) {
		String core = version.trim();
		int suffix = core.indexOf('-');
		if (suffix >= 0) {
			core = core.substring(0, suffix);
		}
		if (core.isEmpty() || core.length() > 32) {
			return null;
		}
		List<Integer> parts = new ArrayList<>();
		for (String part : core.split("\\.", -1)) {
			if (part.isEmpty() || part.length() > 6 || !part.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				return null;
			}
			parts.add(Integer.parseInt(part));
		}
		return parts;
	}

	private static int compare(List<Integer> left, List<Integer> right) {
		for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
			int difference = Integer.compare((i < left.size()) ? left.get(i) : 0,
					(i < right.size()) ? right.get(i) : 0);
			if (difference != 0) {
				return difference;
			}
		}
		return 0;
	}

	/**
	 * The acknowledgement of {@code whoami}.
	 *
	 * @param id the socket id
	 * @param address the client's address, as the server sees it (behind a trusted proxy,
	 * from X-Forwarded-For)
	 * @param clientVersion the version the middleware kept, {@code "unknown"} when the client
	 * sent none
	 * @param user the authenticated user's name, or {@code null}
	 * @param roles the roles, {@code ["public"]} when anonymous
	 */
	public record ClientInfo(String id, String address, String clientVersion, String user, Set<String> roles) {

	}

}
