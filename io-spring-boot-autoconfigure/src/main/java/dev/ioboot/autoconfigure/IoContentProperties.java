package dev.ioboot.autoconfigure;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.ioboot.content.ContentAction;
import dev.ioboot.content.IoContentType;

/**
 * Configuration properties of the real-time content events: which content types announce
 * their changes ({@code io.content-types}) and what is never sent ({@code io.sanitize}).
 */
@ConfigurationProperties("io")
public class IoContentProperties implements Validator {

	private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

	/**
	 * Content types whose creates, updates and deletes are pushed to the clients allowed to
	 * read them: a JPA entity name (case-insensitive) for all actions and every
	 * authenticated user, or an object with "type", "actions", "roles" and
	 * "exclude-fields".
	 */
	private List<ContentType> contentTypes = new ArrayList<>();

	private final Sanitize sanitize = new Sanitize();

	public List<ContentType> getContentTypes() {
		return this.contentTypes;
	}

	public void setContentTypes(List<ContentType> contentTypes) {
		this.contentTypes = contentTypes;
	}

	public Sanitize getSanitize() {
		return this.sanitize;
	}

	/**
	 * Return the content types as the starter uses them.
	 * @return the content types, in order
	 */
	public List<IoContentType> toContentTypes() {
		return this.contentTypes.stream()
			.map((type) -> new IoContentType(type.getType(), EnumSet.copyOf(type.getActions()), type.getRoles(),
					type.getExcludeFields()))
			.toList();
	}

	@Override
	public boolean supports(Class<?> type) {
		return IoContentProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		IoContentProperties properties = (IoContentProperties) target;
		Set<String> names = new LinkedHashSet<>();
		for (int i = 0; i < properties.getContentTypes().size(); i++) {
			ContentType type = properties.getContentTypes().get(i);
			String key = "io.content-types[" + i + "]";
			if (type.getType() == null || type.getType().isBlank()) {
				reject(errors, "contentTypes[" + i + "].type", key + ".type must name a content type");
				continue;
			}
			if (!TYPE_NAME.matcher(type.getType()).matches()) {
				reject(errors, "contentTypes[" + i + "].type", key + " '" + type.getType()
						+ "' must be a name of letters, digits, '_' and '-', starting with a letter");
			}
			if (!names.add(type.getType().toLowerCase(Locale.ROOT))) {
				reject(errors, "contentTypes[" + i + "].type", key + " '" + type.getType() + "' is listed twice");
			}
			if (type.getActions().isEmpty()) {
				reject(errors, "contentTypes[" + i + "].actions",
						key + ".actions must list at least one of create, update, delete");
			}
			if (type.getRoles().stream().anyMatch((role) -> role == null || role.isBlank())) {
				reject(errors, "contentTypes[" + i + "].roles", key + ".roles must not contain a blank role");
			}
		}
	}

	private static void reject(Errors errors, String field, String message) {
		errors.rejectValue(field, "io.invalid", message);
	}

	/**
	 * One content type. In YAML either a name ({@code - article}) or an object.
	 */
	public static final class ContentType {

		/**
		 * Name of the content type: a JPA entity name (case-insensitive), also the prefix of
		 * its event names ("article" gives "article:create").
		 */
		private String type;

		/**
		 * Actions announced: create, update, delete.
		 */
		private Set<ContentAction> actions = EnumSet.allOf(ContentAction.class);

		/**
		 * Roles whose sockets receive the events. Empty: every authenticated user. Clients
		 * that did not authenticate have the role "public", which must be named.
		 */
		private Set<String> roles = new LinkedHashSet<>();

		/**
		 * Fields left out of the events, at any depth.
		 */
		private Set<String> excludeFields = new LinkedHashSet<>();

		/**
		 * Create an entry to be bound.
		 */
		public ContentType() {
		}

		/**
		 * Create an entry from its short form: all actions, every authenticated user.
		 * @param type the name
		 */
		public ContentType(String type) {
			this.type = type;
		}

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			this.type = type;
		}

		public Set<ContentAction> getActions() {
			return this.actions;
		}

		public void setActions(Set<ContentAction> actions) {
			this.actions = actions;
		}

		public Set<String> getRoles() {
			return this.roles;
		}

		public void setRoles(Set<String> roles) {
			this.roles = roles;
		}

		public Set<String> getExcludeFields() {
			return this.excludeFields;
		}

		public void setExcludeFields(Set<String> excludeFields) {
			this.excludeFields = excludeFields;
		}

	}

	/**
	 * What content events never carry.
	 */
	public static final class Sanitize {

		/**
		 * Fields removed from every content event, at any depth, whatever their case.
		 */
		private Set<String> sensitiveFields = new LinkedHashSet<>(List.of("password", "resetPasswordToken",
				"confirmationToken", "secret", "apiKey", "privateKey", "hash"));

		public Set<String> getSensitiveFields() {
			return this.sensitiveFields;
		}

		public void setSensitiveFields(Set<String> sensitiveFields) {
			this.sensitiveFields = sensitiveFields;
		}

	}

}
