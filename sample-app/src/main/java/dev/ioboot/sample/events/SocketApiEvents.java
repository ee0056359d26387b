package dev.ioboot.sample.events;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ioboot.IoSocket;
import dev.ioboot.event.IoAnyListener;
import dev.ioboot.event.IoAnyOutgoingListener;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventException;
import dev.ioboot.event.IoEventMiddleware;

/**
 * The socket API around handlers, in every profile:
 * <ul>
 * <li>an event middleware refuses events named {@code private-...}: the client receives an
 * {@code error} event {@code {"message": "Event private-... is not allowed"}} and no
 * acknowledgement;</li>
 * <li>catch-all listeners journal the names of the events each socket sent and was sent, the
 * last {@value #JOURNAL_LENGTH} of each: {@code my-events} and {@code my-outgoing} acknowledge
 * with them, in order;</li>
 * <li>{@code disconnecting}: the socket's rooms (other than its own and the starter's)
 * receive {@code member-leaving} {@code {"id", "reason"}};</li>
 * <li>{@code volatile-burst (n)}: emits {@code tick} {@code 0..n-1} as droppable packets
 * (socket.io's {@code volatile}), then acknowledges with {@code n}: a client that cannot take
 * them right now loses some;</li>
 * <li>{@code where}, on every namespace of the {@code tenants} group
 * ({@code /tenant-<digits>}): acknowledged with {@code {"namespace", "group"}}.</li>
 * </ul>
 */
@Component
public class SocketApiEvents {

	/**
	 * Names kept per socket and direction: a long-lived socket's journal does not grow without
	 * bounds.
	 */
	static final int JOURNAL_LENGTH = 100;

	private final Map<String, Deque<String>> incoming = new ConcurrentHashMap<>();

	private final Map<String, Deque<String>> outgoing = new ConcurrentHashMap<>();

	@IoEvent("my-events")
	public List<String> myEvents(IoSocket socket) {
		return names(this.incoming, socket);
	}

	@IoEvent("my-outgoing")
	public List<String> myOutgoing(IoSocket socket) {
		return names(this.outgoing, socket);
	}

	@IoEvent("volatile-burst")
	public int volatileBurst(IoSocket socket, int count) {
		if (count < 1 || count > 1000) {
			throw new IoEventException("count must be between 1 and 1000");
		}
		for (int i = 0; i < count; i++) {
			socket.droppable().emit("tick", i);
		}
		return count;
	}

	@IoEvent(IoEvent.DISCONNECTING)
	public void disconnecting(IoSocket socket, String reason) {
		for (String room : socket.rooms()) {
			if (!room.equals(socket.id()) && !room.startsWith("io-")) {
				socket.to(room).emit("member-leaving", Map.of("id", socket.id(), "reason", reason));
			}
		}
	}

	@IoEvent(IoEvent.DISCONNECT)
	public void forget(IoSocket socket) {
		this.incoming.remove(socket.id());
		this.outgoing.remove(socket.id());
	}

	@IoEvent(value = "where", namespace = "tenants")
	public Map<String, Object> where(IoSocket socket) {
		return Map.of("namespace", socket.namespace(), "group", socket.namespaceGroup().orElse(""));
	}

	private static List<String> names(Map<String, Deque<String>> journal, IoSocket socket) {
		Deque<String> names = journal.get(socket.id());
		if (names == null) {
			return List.of();
		}
		synchronized (names) {
			return List.copyOf(names);
		}
	}

	private static void record(Map<String, Deque<String>> journal, IoSocket socket, String event) {
		if (socket.connected()) {
			Deque<String> names = journal.computeIfAbsent(socket.id(), (id) -> new ArrayDeque<>());
			synchronized (names) {
				if (names.size() == JOURNAL_LENGTH) {
					names.removeFirst();
				}
				names.addLast(event);
			}
		}
	}

	/**
	 * Refuses {@code private-...} events.
	 */
	@Component
	static class PrivateEventGuard implements IoEventMiddleware {

		@Override
		public void onEvent(IoSocket socket, String event, List<Object> args) {
			if (event.startsWith("private-")) {
				throw new IoEventException("Event " + event + " is not allowed");
			}
		}

		/**
		 * It only looks at the name: events of non-blocking handlers may pass it on the
		 * network thread.
		 */
		@Override
		public boolean isNonBlocking() {
			return true;
		}

	}

	/**
	 * Journals the events sockets send.
	 */
	@Component
	static class IncomingJournal implements IoAnyListener {

		private final SocketApiEvents events;

		IncomingJournal(SocketApiEvents events) {
			this.events = events;
		}

		@Override
		public void onEvent(IoSocket socket, String event, List<Object> args) {
			record(this.events.incoming, socket, event);
		}

		/**
		 * A bounded in-memory journal, held for an instant.
		 */
		@Override
		public boolean isNonBlocking() {
			return true;
		}

	}

	/**
	 * Journals the events sockets are sent.
	 */
	@Component
	static class OutgoingJournal implements IoAnyOutgoingListener {

		private final SocketApiEvents events;

		OutgoingJournal(SocketApiEvents events) {
			this.events = events;
		}

		@Override
		public void onEvent(IoSocket socket, String event, List<Object> args) {
			record(this.events.outgoing, socket, event);
		}

	}

}
