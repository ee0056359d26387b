package dev.ioboot.sample.redis;

import java.util.Map;

import dev.ioboot.Io;
import dev.ioboot.IoBroadcast;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/broadcast} with {@code {"room": r, "event": e, "data": d}} (and
 * {@code "local": true} for this node's sockets only) emits {@code e}
 * with the single argument {@code d} to room {@code r} on every node (a socket id is a room too),
 * active with the {@code redis} and {@code recovery} profiles.
 */
@RestController
@RequestMapping("/api/broadcast")
@Profile({ "redis", "redis-cluster", "recovery" })
public class BroadcastController {

	private final Io io;

	public BroadcastController(Io io) {
		this.io = io;
	}

	@PostMapping
	public ResponseEntity<Map<String, Object>> broadcast(@RequestBody BroadcastRequest request) {
		if (request.room() == null || request.room().isBlank() || request.event() == null
				|| request.event().isBlank()) {
			return ResponseEntity.badRequest().body(Map.of("error", "room and event are required"));
		}
		IoBroadcast broadcast = Boolean.TRUE.equals(request.local()) ? this.io.local() : this.io.broadcast();
		broadcast.to(request.room()).emit(request.event(), request.data());
		return ResponseEntity.ok(Map.of("sent", true));
	}

	/**
	 * The request body.
	 *
	 * @param room the room, or a socket id
	 * @param event the event name
	 * @param data the single argument, any JSON value
	 * @param local whether only the sockets of this node receive it
	 */
	public record BroadcastRequest(String room, String event, Object data, Boolean local) {

	}

}
