package dev.ioboot.adapter;

import java.util.Map;
import java.util.Set;

/**
 * The state connection state recovery keeps of a socket that disconnected, for the client to
 * take back when it reconnects: socket.io's {@code Session}. An adapter that
 * {@linkplain IoAdapter#keepsSessions() keeps sessions} stores it where every node finds it.
 *
 * @param pid the private session id, which only the client knows
 * @param id the socket id the client gets back
 * @param rooms the rooms it joined, its own id included (rooms a principal gives are decided
 * again when it comes back, so they are left out)
 * @param data the values attached to the socket
 */
public record IoSession(String pid, String id, Set<String> rooms, Map<String, Object> data) {

	public IoSession {
		rooms = Set.copyOf(rooms);
		data = Map.copyOf(data);
	}

}
