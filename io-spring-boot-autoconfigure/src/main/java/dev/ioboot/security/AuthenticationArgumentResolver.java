package dev.ioboot.security;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;

import dev.ioboot.event.IoArgumentResolver;
import dev.ioboot.event.IoEventMessage;

/**
 * Resolves an {@link Authentication} parameter of a handler to the socket's authentication,
 * or {@code null} when the socket did not authenticate.
 */
public class AuthenticationArgumentResolver implements IoArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Authentication.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, IoEventMessage message) {
		Authentication authentication = IoAuthentications.of(message.socket());
		return authentication.isAuthenticated() && authentication.getPrincipal() instanceof dev.ioboot.IoPrincipal
				? authentication : null;
	}

}
