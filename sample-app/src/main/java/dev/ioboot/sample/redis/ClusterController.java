package dev.ioboot.sample.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.ioboot.Io;
import dev.ioboot.adapter.IoSocketDetails;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cluster-wide operations started from this node, for the {@code redis} and
 * {@code redis-cluster} profiles (the end-to-end suites drive them against Node peers):
 * <ul>
 * <li>{@code POST /api/cluster/fetch {"room"}}: the room's sockets on every node, as
 * {@code [{id, rooms, data}]};</li>
 * <li>{@code POST /api/cluster/server-side-emit-ack {"event", "args"}}: the other nodes'
 * acknowledgements;</li>
 * <li>{@code POST /api/cluster/sockets-join {"room", "join"}}: the room's sockets on every node
 * join another room.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/cluster")
@Profile({ "redis", "redis-cluster" })
public class ClusterController {

	private final Io io;

	public ClusterController(Io io) {
		this.io = io;
	}

	@PostMapping("/fetch")
	public CompletableFuture<List<Map<String, Object>>> fetch(@RequestBody Map<String, String> request) {
		return this.io.broadcast()
			.to(request.get("room"))
			.fetchSockets()
			.thenApply((sockets) -> sockets.stream().map(ClusterController::describe).toList());
	}

	@PostMapping("/server-side-emit-ack")
	public CompletableFuture<List<Object>> serverSideEmitWithAck(@RequestBody ServerSideEmit request) {
		Object[] args = (request.args() != null) ? request.args().toArray() : new Object[0];
		return this.io.serverSideEmitWithAck(request.event(), args);
	}

	@PostMapping("/sockets-join")
	public Map<String, Object> socketsJoin(@RequestBody Map<String, String> request) {
		this.io.broadcast().to(request.get("room")).socketsJoin(request.get("join"));
		return Map.of("sent", true);
	}

	private static Map<String, Object> describe(IoSocketDetails socket) {
		return Map.of("id", socket.id(), "rooms", List.copyOf(socket.rooms()), "data", socket.data());
	}

	/**
	 * The request body of a server-side emit.
	 *
	 * @param event the event name
	 * @param args the arguments
	 */
	public record ServerSideEmit(String event, List<Object> args) {

	}

}
