package dev.ioboot.admin;

/**
 * Checks a password the Admin UI sent against a bcrypt hash.
 */
@FunctionalInterface
public interface AdminUiPasswordVerifier {

	/**
	 * Return whether a password matches a hash.
	 * @param password the password, as sent
	 * @param hash the bcrypt hash
	 * @return {@code true} if it matches
	 */
	boolean matches(String password, String hash);

	/**
	 * Return a verifier that uses Spring Security's {@code BCrypt}
	 * ({@code spring-security-crypto} must be on the class path).
	 * @return the verifier
	 */
	static AdminUiPasswordVerifier bcrypt() {
		return (password, hash) -> {
			try {
				return org.springframework.security.crypto.bcrypt.BCrypt.checkpw(password, hash);
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		};
	}

}
