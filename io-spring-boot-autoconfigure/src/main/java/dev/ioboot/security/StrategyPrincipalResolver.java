package dev.ioboot.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.IoHandshake;
import dev.ioboot.IoPrincipal;
import dev.ioboot.server.IoPrincipalResolver;

/**
 * Resolves a connecting client's principal with the {@link IoAuthenticator} of the strategy
 * its {@code auth} payload names. A client that sends no credentials is anonymous, unless
 * authentication is required.
 */
public final class StrategyPrincipalResolver implements IoPrincipalResolver {

	private static final Log logger = LogFactory.getLog(StrategyPrincipalResolver.class);

	private final Map<String, IoAuthenticator> authenticators;

	private final boolean requireAuthentication;

	/**
	 * Create a resolver.
	 * @param authenticators the authenticators, in order: for each strategy the first one
	 * wins, the application's before the starter's
	 * @param requireAuthentication whether clients without credentials are refused
	 */
	public StrategyPrincipalResolver(Collection<IoAuthenticator> authenticators, boolean requireAuthentication) {
		List<IoAuthenticator> ordered = new ArrayList<>();
		authenticators.stream().filter((a) -> !(a instanceof StarterAuthenticator)).forEach(ordered::add);
		authenticators.stream().filter(StarterAuthenticator.class::isInstance).forEach(ordered::add);
		Map<String, IoAuthenticator> byStrategy = new LinkedHashMap<>();
		ordered.forEach((authenticator) -> byStrategy.putIfAbsent(authenticator.strategy(), authenticator));
		this.authenticators = Map.copyOf(byStrategy);
		this.requireAuthentication = requireAuthentication;
	}

	@Override
	public IoPrincipal resolve(IoHandshake handshake) {
		if (!AuthPayload.present(handshake.auth())) {
			if (this.requireAuthentication) {
				throw new IoAuthenticationException(IoAuthenticationException.AUTHENTICATION_REQUIRED);
			}
			return IoPrincipal.anonymous();
		}
		String strategy = AuthPayload.of(handshake.auth()).strategy();
		IoAuthenticator authenticator = this.authenticators.get(strategy);
		if (authenticator == null) {
			logger.debug("No authenticator for strategy '" + strategy + "'; known: " + this.authenticators.keySet());
			throw new IoAuthenticationException(IoAuthenticationException.INVALID_CREDENTIALS);
		}
		return authenticator.authenticate(handshake);
	}

	/**
	 * Return the strategies clients may use.
	 * @return the strategy names
	 */
	public Collection<String> strategies() {
		return this.authenticators.keySet();
	}

}
