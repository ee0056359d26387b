package dev.ioboot.sample.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The two accounts of the sample, kept in memory with hashed passwords: {@code alice}
 * ({@code alice-pass}, role {@code authenticated}) and {@code bob} ({@code bob-pass}, roles
 * {@code authenticated} and {@code editor}).
 */
@Component
public class Accounts {

	private final PasswordEncoder passwordEncoder;

	private final Map<String, Account> byUsername;

	/**
	 * Compared against when the username is unknown, so that an unknown user takes as long to
	 * reject as a wrong password.
	 */
	private final String unknownUserHash;

	public Accounts(PasswordEncoder passwordEncoder) {
		this.passwordEncoder = passwordEncoder;
		this.byUsername = Stream
			.of(new Account(1, "alice", passwordEncoder.encode("alice-pass"), List.of("authenticated")),
					new Account(2, "bob", passwordEncoder.encode("bob-pass"), List.of("authenticated", "editor")))
			.collect(Collectors.toUnmodifiableMap(Account::username, Function.identity()));
		this.unknownUserHash = passwordEncoder.encode("unknown-user");
	}

	/**
	 * Check a username and password.
	 * @param username the username
	 * @param password the password, in clear
	 * @return the account, or empty if the username is unknown or the password wrong
	 */
	public Optional<Account> authenticate(String username, String password) {
		if (username == null || password == null) {
			return Optional.empty();
		}
		Account account = this.byUsername.get(username);
		String hash = (account != null) ? account.passwordHash() : this.unknownUserHash;
		boolean matches = this.passwordEncoder.matches(password, hash);
		return (account != null && matches) ? Optional.of(account) : Optional.empty();
	}

}
