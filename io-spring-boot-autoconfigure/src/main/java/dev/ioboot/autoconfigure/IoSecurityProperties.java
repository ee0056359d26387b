package dev.ioboot.autoconfigure;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of client authentication at CONNECT, bound from
 * {@code io.security.*}.
 */
@ConfigurationProperties("io.security")
public class IoSecurityProperties implements Validator {

	/**
	 * Whether clients that send no credentials are refused ("Authentication required").
	 * Otherwise they connect with the role "public".
	 */
	private boolean requireAuthentication = false;

	private final Jwt jwt = new Jwt();

	/**
	 * API tokens clients may present with the "api-token" strategy.
	 */
	private List<ApiToken> apiTokens = new ArrayList<>();

	public boolean isRequireAuthentication() {
		return this.requireAuthentication;
	}

	public void setRequireAuthentication(boolean requireAuthentication) {
		this.requireAuthentication = requireAuthentication;
	}

	public Jwt getJwt() {
		return this.jwt;
	}

	public List<ApiToken> getApiTokens() {
		return this.apiTokens;
	}

	public void setApiTokens(List<ApiToken> apiTokens) {
		this.apiTokens = apiTokens;
	}

	@Override
	public boolean supports(Class<?> type) {
		return IoSecurityProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		IoSecurityProperties properties = (IoSecurityProperties) target;
		Set<String> names = new LinkedHashSet<>();
		for (int i = 0; i < properties.getApiTokens().size(); i++) {
			ApiToken token = properties.getApiTokens().get(i);
			String field = "apiTokens[" + i + "]";
			String key = "io.security.api-tokens[" + i + "]";
			if (token.getName() == null || token.getName().isBlank()) {
				errors.rejectValue(field + ".name", "io.invalid", key + ".name must not be blank");
			}
			else if (!names.add(token.getName())) {
				errors.rejectValue(field + ".name", "io.invalid", key + " '" + token.getName() + "' is listed twice");
			}
			boolean hashed = token.getTokenSha256() != null && !token.getTokenSha256().isBlank();
			boolean plain = token.getToken() != null && !token.getToken().isEmpty();
			if (hashed == plain) {
				errors.rejectValue(field + ".tokenSha256", "io.invalid",
						key + " needs exactly one of token-sha256 and token");
			}
			else if (hashed && !isSha256Hex(token.getTokenSha256())) {
				errors.rejectValue(field + ".tokenSha256", "io.invalid",
						key + ".token-sha256 must be 64 hex digits (printf %s <token> | sha256sum)");
			}
		}
		if (properties.getJwt().getRolesClaim() == null || properties.getJwt().getRolesClaim().isBlank()) {
			errors.rejectValue("jwt.rolesClaim", "io.invalid", "io.security.jwt.roles-claim must not be blank");
		}
	}

	private static boolean isSha256Hex(String value) {
		if (value.length() != 64) {
			return false;
		}
		try {
			HexFormat.of().parseHex(value);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * The "jwt" strategy, verified with the application's Spring Security JwtDecoder.
	 */
	public static final class Jwt {

		/**
		 * Claim holding the user's role names: a list, or a space- or comma-separated
		 * string.
		 */
		private String rolesClaim = "roles";

		public String getRolesClaim() {
			return this.rolesClaim;
		}

		public void setRolesClaim(String rolesClaim) {
			this.rolesClaim = rolesClaim;
		}

	}

	/**
	 * One API token.
	 */
	public static final class ApiToken {

		/**
		 * Name of the token; its sockets join the room "io-token-<name>".
		 */
		private String name;

		/**
		 * SHA-256 hash of the token, 64 hex digits. Preferred to "token": the configuration
		 * then holds no secret.
		 */
		private String tokenSha256;

		/**
		 * The token in plain text, for development.
		 */
		private String token;

		/**
		 * Content types whose events the token receives; "*" for all.
		 */
		private Set<String> contentTypes = new LinkedHashSet<>();

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getTokenSha256() {
			return this.tokenSha256;
		}

		public void setTokenSha256(String tokenSha256) {
			this.tokenSha256 = tokenSha256;
		}

		public String getToken() {
			return this.token;
		}

		public void setToken(String token) {
			this.token = token;
		}

		public Set<String> getContentTypes() {
			return this.contentTypes;
		}

		public void setContentTypes(Set<String> contentTypes) {
			this.contentTypes = contentTypes;
		}

	}

}
