package dev.ioboot.autoconfigure;

import dev.ioboot.admin.IoAdminUiOptions;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the Socket.IO Admin UI instrumentation, bound from
 * {@code io.admin-ui.*}.
 */
@ConfigurationProperties("io.admin-ui")
public class IoAdminUiProperties {

	/**
	 * Whether the server is instrumented for the Socket.IO Admin UI (@socket.io/admin-ui).
	 */
	private boolean enabled = false;

	/**
	 * Namespace the Admin UI connects to.
	 */
	private String namespace = "/admin";

	/**
	 * What the Admin UI is told: "production" sends the server stats only, "development" also
	 * every socket, room change and event as it happens.
	 */
	private IoAdminUiOptions.Mode mode = IoAdminUiOptions.Mode.PRODUCTION;

	/**
	 * Whether the Admin UI may only look: its emit, join, leave and disconnect commands are
	 * ignored.
	 */
	private boolean readOnly = false;

	/**
	 * Id the Admin UI shows for this server. Defaults to the host name: set it when several
	 * nodes run on one host.
	 */
	private String serverId;

	private final Auth auth = new Auth();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public IoAdminUiOptions.Mode getMode() {
		return this.mode;
	}

	public void setMode(IoAdminUiOptions.Mode mode) {
		this.mode = mode;
	}

	public boolean isReadOnly() {
		return this.readOnly;
	}

	public void setReadOnly(boolean readOnly) {
		this.readOnly = readOnly;
	}

	public String getServerId() {
		return this.serverId;
	}

	public void setServerId(String serverId) {
		this.serverId = serverId;
	}

	public Auth getAuth() {
		return this.auth;
	}

	/**
	 * The user the Admin UI logs in as.
	 */
	public static final class Auth {

		/**
		 * Whether the Admin UI must log in. Set it to false explicitly to open the admin
		 * namespace to anyone.
		 */
		private boolean enabled = true;

		/**
		 * User name the Admin UI logs in with.
		 */
		private String username;

		/**
		 * Bcrypt hash of the password the Admin UI logs in with ($2a$, $2b$ or $2y$).
		 */
		private String passwordHash;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPasswordHash() {
			return this.passwordHash;
		}

		public void setPasswordHash(String passwordHash) {
			this.passwordHash = passwordHash;
		}

	}

}
