package dev.ioboot.sample.redis;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ioboot.IoContext;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventException;
import dev.ioboot.event.IoServerEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rooms, in every profile; across nodes with the {@code redis} profile: run two or more
 * instances of the sample application against the same Redis and a message said in a room on
 * one node reaches the members of that room on every node.
 * <ul>
 * <li>{@code join (room)}: the sender joins the room; acknowledged with {@code true}.</li>
 * <li>{@code leave (room)}: the sender leaves the room; acknowledged with {@code true}.</li>
 * <li>{@code say (room, msg)}: emits {@code said} with {@code {"room", "msg", "node"}} to the
 * room on every node ({@code msg} may be binary); acknowledged with {@code true}.</li>
 * <li>server-side {@code hello-servers (arg)}, sent by another node with {@code serverSideEmit}:
 * answered with {@code {"node", "arg"}}.</li>
 * </ul>
 */
@Component
public class RoomEvents {

	private final String nodeName;

	public RoomEvents(@Value("${sample.node-name:node-1}") String nodeName) {
		this.nodeName = nodeName;
	}

	@IoEvent(value = "join", nonBlocking = true)
	public boolean join(IoSocket socket, String room) {
		requireApplicationRoom(room);
		socket.join(room);
		return true;
	}

	@IoEvent(value = "leave", nonBlocking = true)
	public boolean leave(IoSocket socket, String room) {
		requireApplicationRoom(room);
		socket.leave(room);
		return true;
	}

	/**
	 * Rooms named {@code io-...} are the starter's: they decide who receives content events,
	 * so a client must never join or leave them on its own.
	 */
	private static void requireApplicationRoom(String room) {
		if (room == null || room.startsWith("io-")) {
			throw new IoEventException("Room names starting with 'io-' are reserved");
		}
	}

	/**
	 * {@code say (room, msg)}: {@code said} to the room on every node. Non-blocking: the
	 * broadcast is handed to the local sockets' channels and to the adapter, whose Lettuce
	 * publish does not wait for Redis.
	 */
	@IoEvent(value = "say", nonBlocking = true)
	public boolean say(IoContext ctx, String room, Object msg) {
		// a LinkedHashMap rather than Map.of: msg may be null
		Map<String, Object> said = new LinkedHashMap<>();
		said.put("room", room);
		said.put("msg", msg);
		said.put("node", this.nodeName);
		ctx.io().to(room).emit("said", said);
		return true;
	}

	@IoServerEvent("hello-servers")
	public Map<String, Object> hello(Object arg) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("node", this.nodeName);
		answer.put("arg", arg);
		return answer;
	}

}
