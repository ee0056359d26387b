package dev.ioboot.content;

import java.util.Map;

import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEvent;

/**
 * Lets a client follow one entity: {@code subscribe-entity} {@code {"type", "id"}} makes its
 * socket also receive that entity's update and delete events, {@code unsubscribe-entity}
 * stops it. A type the socket may not read is refused with {@code {"error": "Forbidden"}}.
 * A subscribed socket that may also read the whole type still receives each event once.
 */
public class ContentSubscriptionEvents {

	private static final Map<String, Object> OK = Map.of("ok", true);

	private final IoContentPublisher publisher;

	/**
	 * Create the handlers.
	 * @param publisher the content types and their permissions
	 */
	public ContentSubscriptionEvents(IoContentPublisher publisher) {
		this.publisher = publisher;
	}

	/**
	 * Subscribe the socket to one entity.
	 * @param socket the socket
	 * @param request {@code {"type": "article", "id": 5}}
	 * @return {@code {"ok": true}}, or {@code {"error": ...}}
	 */
	@IoEvent("subscribe-entity")
	public Map<String, Object> subscribe(IoSocket socket, Object request) {
		return entityRoom(socket, request, true);
	}

	/**
	 * Unsubscribe the socket from one entity.
	 * @param socket the socket
	 * @param request {@code {"type": "article", "id": 5}}
	 * @return {@code {"ok": true}}, or {@code {"error": ...}}
	 */
	@IoEvent("unsubscribe-entity")
	public Map<String, Object> unsubscribe(IoSocket socket, Object request) {
		return entityRoom(socket, request, false);
	}

	private Map<String, Object> entityRoom(IoSocket socket, Object request, boolean join) {
		if (!(request instanceof Map<?, ?> map) || !(map.get("type") instanceof String type)
				|| !(map.get("id") instanceof String || map.get("id") instanceof Number)) {
			return Map.of("error", "Expected {\"type\": <content type>, \"id\": <string or number>}");
		}
		if (!this.publisher.types().containsKey(type)) {
			return Map.of("error", "Unknown content type '" + type + "'");
		}
		if (!this.publisher.permissions().mayRead(socket, type)) {
			return Map.of("error", "Forbidden");
		}
		String room = ContentPermissions.entityRoom(type, map.get("id"));
		if (join) {
			socket.join(room);
		}
		else {
			socket.leave(room);
		}
		return OK;
	}

}
