package dev.ioboot.content;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.Io;

/**
 * Sends {@code <type>:<action>} events with one argument {@code {"data": content}}: the
 * content rendered by a {@link ContentSerializer}, sanitized, sent once to every room that
 * may read the type (and, for updates and deletions, to the sockets subscribed to that
 * entity). Both the JPA listeners and applications come here: inject this bean and call
 * {@link #emitContent} for content JPA does not see.
 */
public class IoContentPublisher {

	private static final Log logger = LogFactory.getLog(IoContentPublisher.class);

	private final Io io;

	private final Map<String, IoContentType> types = new LinkedHashMap<>();

	private final ContentPermissions permissions;

	private final ContentSerializer serializer;

	private final ContentSanitizer sanitizer;

	/**
	 * Create a publisher.
	 * @param io where events go
	 * @param types the content types
	 * @param permissions who may read each type
	 * @param serializer renders content
	 * @param sensitiveFields fields removed from every event, at any depth
	 */
	public IoContentPublisher(Io io, Collection<IoContentType> types, ContentPermissions permissions,
			ContentSerializer serializer, Collection<String> sensitiveFields) {
		this.io = io;
		types.forEach((type) -> this.types.put(type.name(), type));
		this.permissions = permissions;
		this.serializer = serializer;
		this.sanitizer = new ContentSanitizer(sensitiveFields);
	}

	/**
	 * Return the content types.
	 * @return the content types by name
	 */
	public Map<String, IoContentType> types() {
		return java.util.Collections.unmodifiableMap(this.types);
	}

	/**
	 * Return who may read each content type.
	 * @return the permissions
	 */
	public ContentPermissions permissions() {
		return this.permissions;
	}

	/**
	 * Announce a change to content that JPA does not see (another store, a cache, a remote
	 * API) exactly as the JPA listeners announce entity changes: event
	 * {@code <type>:<action>} with {@code {"data": content}}, sanitized, to the sockets
	 * allowed to read the type (and to those subscribed to the entity).
	 * @param type a content type listed in {@code io.content-types}, such as {@code article}
	 * @param action what happened
	 * @param content the content; for a deletion, as it was
	 * @throws IllegalArgumentException if the type is not listed
	 */
	public void emitContent(String type, ContentAction action, Object content) {
		publish(type, action, null, content);
	}

	/**
	 * Announce a change whose entity id is known.
	 * @param type the content type's configured name
	 * @param action what happened
	 * @param id the entity's id, or {@code null} to take it from the rendered content's
	 * {@code id} field
	 * @param content the content
	 * @throws IllegalArgumentException for a type that is not configured
	 */
	public void publish(String type, ContentAction action, Object id, Object content) {
		IoContentType contentType = this.types.get(type);
		if (contentType == null) {
			throw new IllegalArgumentException(
					"Unknown content type '" + type + "'; io.content-types lists " + this.types.keySet());
		}
		if (!contentType.actions().contains(action)) {
			logger.trace("Not announcing " + action + " of " + type + ": not among its actions");
			return;
		}
		Object data = this.sanitizer.sanitize(this.serializer.toPlainValues(content), contentType.excludeFields());
		Set<String> rooms = new LinkedHashSet<>(this.permissions.readers(type));
		if (action != ContentAction.CREATE) {
			Object entityId = (id != null) ? id : renderedId(data);
			if (entityId != null) {
				rooms.add(ContentPermissions.entityRoom(type, entityId));
			}
		}
		if (rooms.isEmpty()) {
			return;
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("data", data);
		this.io.to(rooms.toArray(String[]::new)).emit(action.eventName(type), payload);
	}

	private static Object renderedId(Object data) {
		return (data instanceof Map<?, ?> map) ? map.get("id") : null;
	}

}
