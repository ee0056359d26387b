package dev.ioboot.server.socket;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.ioboot.adapter.IoTarget;

/**
 * The connected sockets of one namespace on this node, and their rooms. A socket is in the
 * rooms it joined, its own id among them; a socket still being admitted (its middlewares
 * running) may join rooms, but it is found, and reached by broadcasts, only once connected.
 */
final class SocketNamespace {

	private final String name;

	private final String group;

	private final SessionRecovery recovery;

	private final Map<String, NamespaceSocket> sockets = new ConcurrentHashMap<>();

	private final Map<String, Set<NamespaceSocket>> rooms = new ConcurrentHashMap<>();

	/**
	 * Acknowledgement ids, shared by the namespace's sockets so that a broadcast asks every
	 * socket with the same packet.
	 */
	private final AtomicLong ackIds = new AtomicLong();

	private volatile RoomListener roomListener = RoomListener.NONE;

	/**
	 * Create a namespace.
	 * @param name its name
	 * @param group the dynamic namespace group it was created for, or {@code null}
	 * @param recovery what connection state recovery keeps, or {@code null} without it
	 */
	SocketNamespace(String name, String group, SessionRecovery recovery) {
		this.name = name;
		this.group = group;
		this.recovery = recovery;
	}

	/**
	 * Return what connection state recovery keeps for the namespace.
	 * @return connection state recovery, or {@code null} when it is off
	 */
	SessionRecovery recovery() {
		return this.recovery;
	}

	String name() {
		return this.name;
	}

	/**
	 * Return the dynamic namespace group the namespace was created for.
	 * @return the group name, or {@code null} for a configured namespace
	 */
	String group() {
		return this.group;
	}

	/**
	 * Return a new acknowledgement id, unused by every socket of the namespace.
	 * @return the id
	 */
	long nextAckId() {
		return this.ackIds.getAndIncrement();
	}

	void add(NamespaceSocket socket) {
		this.sockets.put(socket.id(), socket);
	}

	/**
	 * Remove a socket: it is no longer found, nor reached by broadcasts, though it stays in
	 * its rooms until it {@link #leaveAll(NamespaceSocket) leaves them}.
	 * @param socket the socket
	 */
	void remove(NamespaceSocket socket) {
		this.sockets.remove(socket.id(), socket);
	}

	NamespaceSocket socket(String id) {
		return this.sockets.get(id);
	}

	/**
	 * Return the connected sockets.
	 * @return a live view: copy it to keep it
	 */
	Collection<NamespaceSocket> sockets() {
		return Collections.unmodifiableCollection(this.sockets.values());
	}

	int size() {
		return this.sockets.size();
	}

	Set<String> rooms() {
		return Set.copyOf(this.rooms.keySet());
	}

	/**
	 * Be told when a room gets its first socket and loses its last.
	 * @param listener the listener
	 */
	void onRooms(RoomListener listener) {
		this.roomListener = listener;
	}

	void join(NamespaceSocket socket, String room) {
		this.rooms.compute(room, (key, members) -> {
			if (members == null) {
				members = ConcurrentHashMap.newKeySet(2);
				this.roomListener.roomCreated(this.name, room, room.equals(socket.id()));
			}
			members.add(socket);
			return members;
		});
	}

	void leave(NamespaceSocket socket, String room) {
		this.rooms.computeIfPresent(room, (key, members) -> {
			members.remove(socket);
			if (members.isEmpty()) {
				this.roomListener.roomDeleted(this.name, room, room.equals(socket.id()));
				return null;
			}
			return members;
		});
	}

	/**
	 * Told when a room of a namespace gets its first socket on this node and loses its last
	 * (from inside the room map's update, so in order for one room): the adapter's hook.
	 */
	interface RoomListener {

		RoomListener NONE = new RoomListener() {
		};

		default void roomCreated(String namespace, String room, boolean socketRoom) {
		}

		default void roomDeleted(String namespace, String room, boolean socketRoom) {
		}

	}

	void leaveAll(NamespaceSocket socket) {
		for (String room : socket.joinedRooms()) {
			leave(socket, room);
		}
	}

	/**
	 * Return whether a connected socket is in the room.
	 * @param room the room
	 * @return {@code true} if at least one is
	 */
	boolean hasRoom(String room) {
		Set<NamespaceSocket> members = this.rooms.get(room);
		return members != null && members.stream().anyMatch(NamespaceSocket::connected);
	}

	/**
	 * Select the connected sockets a target designates, each once.
	 * @param target the target: every socket, or those in some rooms, less those in others
	 * @return the sockets
	 */
	List<NamespaceSocket> select(IoTarget target) {
		Set<NamespaceSocket> selected = new LinkedHashSet<>();
		if (target.rooms().isEmpty()) {
			selected.addAll(this.sockets.values());
		}
		else {
			for (String room : target.rooms()) {
				Set<NamespaceSocket> members = this.rooms.get(room);
				if (members != null) {
					members.stream().filter(NamespaceSocket::connected).forEach(selected::add);
				}
			}
		}
		for (String room : target.except()) {
			Set<NamespaceSocket> members = this.rooms.get(room);
			if (members != null) {
				selected.removeAll(members);
			}
		}
		return new ArrayList<>(selected);
	}

}
