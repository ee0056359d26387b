package dev.ioboot.adapter.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A broadcast as it travels between nodes: the {@code [uid, packet, opts]} message of the
 * pattern channels, or the packet and options of a BROADCAST (7) request.
 *
 * @param uid the sending adapter's uid ({@code "emitter"} for the Redis emitter), may be
 * {@code null} only in a BROADCAST request that carried none
 * @param namespace the namespace name, starting with {@code /}; {@code "/"} when absent
 * @param event the event name
 * @param args the event arguments, {@code byte[]} for binary
 * @param rooms the target rooms, empty for every socket of the namespace
 * @param except the excluded rooms
 * @param flags the flags ({@code volatile}, {@code compress}, {@code timeout}, ...)
 */
record BroadcastMessage(String uid, String namespace, String event, List<Object> args, Set<String> rooms,
		Set<String> except, Map<String, Object> flags) {

	BroadcastMessage {
		Objects.requireNonNull(event, "event must not be null");
		namespace = (namespace != null) ? namespace : "/";
		args = (args != null) ? Collections.unmodifiableList(new ArrayList<>(args)) : List.of();
		rooms = (rooms != null) ? Collections.unmodifiableSet(new LinkedHashSet<>(rooms)) : Set.of();
		except = (except != null) ? Collections.unmodifiableSet(new LinkedHashSet<>(except)) : Set.of();
		flags = (flags != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(flags)) : Map.of();
	}

	/**
	 * Return the packet data as it is on the wire: the event name followed by the arguments.
	 * @return the packet data
	 */
	List<Object> data() {
		List<Object> data = new ArrayList<>(this.args.size() + 1);
		data.add(this.event);
		data.addAll(this.args);
		return data;
	}

}
