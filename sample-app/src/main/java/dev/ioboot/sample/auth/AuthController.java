package dev.ioboot.sample.auth;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/auth/local} with {@code {"identifier", "password"}} answers
 * {@code {"jwt": "...", "user": {"id", "username", "roles"}}}, or 401 with
 * {@code {"error": "Invalid identifier or password"}}.
 */
@RestController
@RequestMapping("/api/auth")
public class AuthController {

	private final Accounts accounts;

	private final TokenIssuer tokens;

	public AuthController(Accounts accounts, TokenIssuer tokens) {
		this.accounts = accounts;
		this.tokens = tokens;
	}

	@PostMapping("/local")
	public ResponseEntity<?> login(@RequestBody LoginRequest request) {
		return this.accounts.authenticate(request.identifier(), request.password())
			.<ResponseEntity<?>>map((account) -> ResponseEntity.ok(new LoginResponse(this.tokens.issue(account),
					new LoginResponse.User(account.id(), account.username(), account.roles()))))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(Map.of("error", "Invalid identifier or password")));
	}

	/**
	 * The request body.
	 *
	 * @param identifier the username
	 * @param password the password
	 */
	public record LoginRequest(String identifier, String password) {

	}

	/**
	 * The answer to a successful login.
	 *
	 * @param jwt the token, to send as {@code Authorization: Bearer} and in the socket
	 * handshake's {@code auth}
	 * @param user who logged in
	 */
	public record LoginResponse(String jwt, User user) {

		/**
		 * The account that logged in.
		 *
		 * @param id the account id
		 * @param username the username
		 * @param roles the role names
		 */
		public record User(long id, String username, List<String> roles) {

		}

	}

}
