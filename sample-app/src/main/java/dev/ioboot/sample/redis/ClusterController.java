package dev.ioboot.sample.redis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.ioboot.Io;
import dev.ioboot.IoBroadcast;
import dev.ioboot.adapter.IoSocketDetails;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cluster-wide operations of {@link Io}, over HTTP, with the profiles that run several
 * nodes ({@code redis}, {@code redis-streams}, {@code redis-cluster}): each acts on the
 * matching sockets of every node.
 * <ul>
 * <li>{@code POST /api/fetch {"room"}}: the room's sockets (every socket without a room) as
 * {@code [{"id", "rooms", "handshake": {"auth"}, "data"}]}.</li>
 * <li>{@code POST /api/sockets-join {"room", "join"}}: the room's sockets join another.</li>
 * <li>{@code POST /api/disconnect {"room"}}: the room's sockets are disconnected.</li>
 * <li>{@code POST /api/server-side-emit {"event", "args"}}: the other nodes' server-side
 * handlers receive the event.</li>
 * <li>{@code POST /api/server-side-emit-ack {"event", "args"}}: the same, answered with their
 * acknowledgements, or {@code {"error"}} when one node did not answer in time.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api")
@Profile({ "redis", "redis-streams", "redis-cluster" })
public class ClusterController {

	private final Io io;

	public ClusterController(Io io) {
		this.io = io;
	}

	@PostMapping("/fetch")
	public CompletableFuture<List<Map<String, Object>>> fetch(@RequestBody RoomRequest request) {
		return sockets(request.room()).fetchSockets().thenApply((sockets) -> sockets.stream().map(this::describe).toList());
	}

	private Map<String, Object> describe(IoSocketDetails socket) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("id", socket.id());
		description.put("rooms", socket.rooms());
		description.put("handshake", Map.of("auth", socket.handshake().auth()));
		description.put("data", socket.data());
		return description;
	}

	@PostMapping("/sockets-join")
	public Map<String, Object> socketsJoin(@RequestBody RoomRequest request) {
		sockets(request.room()).socketsJoin(request.join());
		return Map.of("sent", true);
	}

	@PostMapping("/disconnect")
	public Map<String, Object> disconnect(@RequestBody RoomRequest request) {
		sockets(request.room()).disconnectSockets(true);
		return Map.of("sent", true);
	}

	@PostMapping("/server-side-emit")
	public ResponseEntity<Map<String, Object>> serverSideEmit(@RequestBody ServerSideRequest request) {
		if (request.event() == null || request.event().isBlank()) {
			return ResponseEntity.badRequest().body(Map.of("error", "event is required"));
		}
		this.io.serverSideEmit(request.event(), request.arguments());
		return ResponseEntity.ok(Map.of("sent", true));
	}

	@PostMapping("/server-side-emit-ack")
	public CompletableFuture<Object> serverSideEmitWithAck(@RequestBody ServerSideRequest request) {
		return this.io.serverSideEmitWithAck(request.event(), request.arguments())
			.<Object>thenApply((answers) -> answers)
			.exceptionally((failure) -> Map.of("error", "Not every node answered in time"));
	}

	private IoBroadcast sockets(String room) {
		return (room != null) ? this.io.to(room) : this.io.broadcast();
	}

	/**
	 * A request about the sockets of a room.
	 *
	 * @param room the room, a socket id, or {@code null} for every socket
	 * @param join the room to join, for {@code /api/sockets-join}
	 */
	public record RoomRequest(String room, String join) {

	}

	/**
	 * A server-side event.
	 *
	 * @param event the event name
	 * @param args its arguments
	 */
	public record ServerSideRequest(String event, List<Object> args) {

		Object[] arguments() {
			return (this.args != null) ? this.args.toArray() : new Object[0];
		}

	}

}
