package dev.ioboot.admin;

import org.springframework.util.Assert;

/**
 * How the server is instrumented for the Socket.IO Admin UI: the options of
 * {@code @socket.io/admin-ui}'s {@code instrument(io, options)}.
 *
 * @param namespace the admin namespace the UI connects to, such as {@code /admin}
 * @param mode whether every socket and event is reported, or aggregated figures only
 * @param readOnly whether the UI may only look: its commands (emit, join, leave,
 * disconnect) are ignored and not offered
 * @param serverId the id the UI shows for this server
 * @param credentials the user name and bcrypt password hash the UI must log in with, or
 * {@code null} for no authentication
 */
public record IoAdminUiOptions(String namespace, Mode mode, boolean readOnly, String serverId,
		Credentials credentials) {

	/**
	 * Check the options.
	 * @param namespace the admin namespace
	 * @param mode the mode
	 * @param readOnly whether the UI may only look
	 * @param serverId the server id
	 * @param credentials the credentials, or {@code null}
	 */
	public IoAdminUiOptions {
		Assert.isTrue(namespace != null && namespace.startsWith("/"), "'namespace' must start with '/'");
		Assert.notNull(mode, "'mode' must not be null");
		Assert.hasText(serverId, "'serverId' must not be empty");
	}

	/**
	 * What the UI is told.
	 */
	public enum Mode {

		/** Aggregated figures only (server stats), every 2 seconds. */
		PRODUCTION,

		/** Also every socket, room change and event, as they happen. */
		DEVELOPMENT

	}

	/**
	 * The user the UI logs in as.
	 *
	 * @param username the user name
	 * @param passwordHash the bcrypt hash of the password ({@code $2a$}, {@code $2b$} or
	 * {@code $2y$})
	 */
	public record Credentials(String username, String passwordHash) {

		private static final java.util.regex.Pattern BCRYPT = java.util.regex.Pattern
			.compile("\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");

		/**
		 * Check the credentials.
		 * @param username the user name
		 * @param passwordHash the bcrypt hash
		 */
		public Credentials {
			Assert.hasText(username, "'username' must not be empty");
			Assert.isTrue(passwordHash != null && BCRYPT.matcher(passwordHash).matches(),
					"'passwordHash' must be a bcrypt hash, such as $2a$10$...");
		}

		@Override
		public String toString() {
			return "Credentials[username=" + this.username + ", passwordHash=<hidden>]";
		}

	}

}
