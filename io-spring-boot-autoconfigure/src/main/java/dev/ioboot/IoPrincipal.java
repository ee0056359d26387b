package dev.ioboot;

import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who a socket is, as decided when it connected: an anonymous client, a user with roles
 * (JWT), or an API token. It also names the rooms the socket joined for that reason. As a
 * {@link Principal}, its name is the user's subject or the token's name.
 *
 * @param name the user's subject or the token's name, {@code null} when anonymous
 * @param strategy the authentication strategy that admitted the socket, such as
 * {@code jwt} or {@code api-token}; {@code null} when anonymous
 * @param roles the role names, as the authenticator found them; {@code public} when anonymous
 * @param rooms the rooms the socket joins before it is connected
 * @param attributes what else the authenticator knows, such as a token's claims (null
 * values are left out)
 */
public record IoPrincipal(String name, String strategy, Set<String> roles, Set<String> rooms,
		Map<String, Object> attributes) implements Principal {

	/**
	 * The role of clients that did not authenticate.
	 */
	public static final String PUBLIC_ROLE = "public";

	/**
	 * The room every socket of an authenticated user (a principal with roles) joins.
	 */
	public static final String AUTHENTICATED_ROOM = "io-authenticated";

	private static final IoPrincipal ANONYMOUS = new IoPrincipal(null, null, Set.of(PUBLIC_ROLE),
			Set.of(roleRoom(PUBLIC_ROLE)), Map.of());

	public IoPrincipal {
		roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
		rooms = Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
		Map<String, Object> present = new LinkedHashMap<>();
		attributes.forEach((key, value) -> {
			if (key != null && value != null) {
				present.put(key, value);
			}
		});
		attributes = Collections.unmodifiableMap(present);
	}

	/**
	 * Return the principal of clients that did not authenticate: role {@code public}, room
	 * {@code io-role-public}.
	 * @return the anonymous principal
	 */
	public static IoPrincipal anonymous() {
		return ANONYMOUS;
	}

	/**
	 * Return a user principal: it joins {@code io-role-<role>} for each role,
	 * {@code io-user-<name>} and {@value #AUTHENTICATED_ROOM}.
	 * @param strategy the strategy that authenticated the user
	 * @param name the user's subject
	 * @param roles the user's roles
	 * @param attributes further attributes, such as claims
	 * @return the principal
	 */
	public static IoPrincipal user(String strategy, String name, Set<String> roles, Map<String, Object> attributes) {
		Set<String> rooms = new LinkedHashSet<>();
		roles.forEach((role) -> rooms.add(roleRoom(role)));
		if (name != null) {
			rooms.add("io-user-" + name);
		}
		rooms.add(AUTHENTICATED_ROOM);
		return new IoPrincipal(name, strategy, roles, rooms, attributes);
	}

	/**
	 * Return an API token principal: it joins {@code io-token-<name>} and has no roles.
	 * @param strategy the strategy that authenticated the token
	 * @param name the token's configured name
	 * @return the principal
	 */
	public static IoPrincipal token(String strategy, String name) {
		return new IoPrincipal(name, strategy, Set.of(), Set.of(tokenRoom(name)), Map.of());
	}

	/**
	 * Return the room of a role: {@code io-role-} and the role in lower case, spaces
	 * replaced by {@code -}.
	 * @param role the role name
	 * @return the room name
	 */
	public static String roleRoom(String role) {
		return "io-role-" + role.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
	}

	/**
	 * Return the room of an API token.
	 * @param name the token's configured name
	 * @return the room name
	 */
	public static String tokenRoom(String name) {
		return "io-token-" + name;
	}

	@Override
	public String getName() {
		return this.name;
	}

	/**
	 * Return whether the socket authenticated.
	 * @return {@code false} for the anonymous principal
	 */
	public boolean isAuthenticated() {
		return this.strategy != null;
	}

}
