package dev.ioboot.security;

import java.util.List;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.ioboot.IoPrincipal;
import dev.ioboot.IoSocket;

/**
 * Spring Security's view of a socket: its {@link IoPrincipal} as an authenticated
 * {@link Authentication} whose authorities are its roles as {@code ROLE_<role>} (so
 * {@code hasRole('editor')} reads as it does in Spring MVC), or an anonymous one for a
 * socket that did not authenticate.
 */
public final class IoAuthentications {

	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("io", "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private IoAuthentications() {
	}

	/**
	 * Return the authentication of a socket.
	 * @param socket the socket, or {@code null} for an event of another node
	 * @return an authenticated token whose principal is the socket's {@link IoPrincipal}, or
	 * an anonymous token
	 */
	public static Authentication of(IoSocket socket) {
		IoPrincipal principal = (socket != null) ? socket.principal() : null;
		if (principal == null || !principal.isAuthenticated()) {
			return ANONYMOUS;
		}
		List<GrantedAuthority> authorities = principal.roles()
			.stream()
			.map((role) -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
			.toList();
		return UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
	}

}
