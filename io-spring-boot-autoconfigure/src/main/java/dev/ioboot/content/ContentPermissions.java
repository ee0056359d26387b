package dev.ioboot.content;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.ioboot.IoPrincipal;
import dev.ioboot.IoSocket;

/**
 * Who may read each content type, expressed as rooms: the rooms of its roles (or
 * {@value IoPrincipal#AUTHENTICATED_ROOM} when it names none) and the room of every API token
 * whose content types include it. The same rooms decide where events go and which sockets
 * may subscribe to an entity.
 */
public final class ContentPermissions {

	/**
	 * What an API token may read: every content type.
	 */
	public static final String ALL_TYPES = "*";

	private final Map<String, Set<String>> rooms = new LinkedHashMap<>();

	/**
	 * Create the permissions.
	 * @param types the content types
	 * @param tokenTypes for each API token name, the content types it receives (or
	 * {@value #ALL_TYPES})
	 */
	public ContentPermissions(Collection<IoContentType> types, Map<String, ? extends Collection<String>> tokenTypes) {
		for (IoContentType type : types) {
			Set<String> readers = new LinkedHashSet<>();
			if (type.roles().isEmpty()) {
				readers.add(IoPrincipal.AUTHENTICATED_ROOM);
			}
			type.roles().forEach((role) -> readers.add(IoPrincipal.roleRoom(role)));
			tokenTypes.forEach((token, allowed) -> {
				if (allowed.contains(ALL_TYPES) || allowed.stream().anyMatch(type.name()::equalsIgnoreCase)) {
					readers.add(IoPrincipal.tokenRoom(token));
				}
			});
			this.rooms.put(type.name(), Collections.unmodifiableSet(readers));
		}
	}

	/**
	 * Return the rooms whose sockets may read a content type.
	 * @param type the content type's name
	 * @return the rooms, empty for an unknown type
	 */
	public Set<String> readers(String type) {
		return this.rooms.getOrDefault(type, Set.of());
	}

	/**
	 * Return whether a socket may read a content type.
	 * @param socket the socket
	 * @param type the content type's name
	 * @return whether one of the socket's rooms may read it
	 */
	public boolean mayRead(IoSocket socket, String type) {
		Set<String> readers = readers(type);
		return socket.principal().rooms().stream().anyMatch(readers::contains);
	}

	/**
	 * Return the room of the sockets subscribed to one entity.
	 * @param type the content type's name
	 * @param id the entity's id
	 * @return the room name, {@code io-entity-<type>:<id>} (type names never contain
	 * {@code :}, so two entities never share a room)
	 */
	public static String entityRoom(String type, Object id) {
		return "io-entity-" + type + ":" + id;
	}

}
