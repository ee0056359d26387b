package dev.ioboot.adapter.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request received on the request channel ({@code K-request#N#}), whatever its type. Fields
 * a type does not use are {@code null}, empty or {@code false}.
 *
 * @param type the request type, one of the {@code RedisAdapterCodec} type constants
 * @param uid the requesting adapter's uid, {@code null} when absent (emitter requests of types
 * 2 to 4)
 * @param requestId the request id, {@code null} when absent
 * @param hasOpts whether the request carried an {@code opts} object (types 2 to 4 without it
 * are the legacy single-socket form)
 * @param optsRooms the target rooms of {@code opts}
 * @param optsExcept the excluded rooms of {@code opts}
 * @param flags the flags of {@code opts}
 * @param rooms the rooms to join or leave (types 2 and 3) or to list (type 0)
 * @param close whether to close the connections too (type 4)
 * @param data the event name followed by the arguments (type 6), otherwise {@code null}
 * @param packet the broadcast to run (type 7), otherwise {@code null}
 * @param sid the socket id of the legacy form of types 2 to 4
 * @param room the room of the legacy form of types 2 and 3
 */
record AdapterRequest(int type, String uid, String requestId, boolean hasOpts, Set<String> optsRooms,
		Set<String> optsExcept, Map<String, Object> flags, Set<String> rooms, boolean close, List<Object> data,
		BroadcastMessage packet, String sid, String room) {

	AdapterRequest {
		optsRooms = (optsRooms != null) ? Collections.unmodifiableSet(new LinkedHashSet<>(optsRooms)) : Set.of();
		optsExcept = (optsExcept != null) ? Collections.unmodifiableSet(new LinkedHashSet<>(optsExcept)) : Set.of();
		flags = (flags != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(flags)) : Map.of();
		rooms = (rooms != null) ? Collections.unmodifiableSet(new LinkedHashSet<>(rooms)) : Set.of();
		data = (data != null) ? Collections.unmodifiableList(new ArrayList<>(data)) : null;
	}

	/**
	 * Return the event name of a SERVER_SIDE_EMIT request.
	 * @return the event name or {@code null}
	 */
	String event() {
		return (this.data != null && !this.data.isEmpty() && this.data.get(0) instanceof String event) ? event : null;
	}

	/**
	 * Return the event arguments of a SERVER_SIDE_EMIT request.
	 * @return the arguments, empty when there are none
	 */
	List<Object> args() {
		return (this.data != null && this.data.size() > 1) ? this.data.subList(1, this.data.size()) : List.of();
	}

	/**
	 * Return whether this is the legacy form of REMOTE_JOIN, REMOTE_LEAVE or REMOTE_DISCONNECT
	 * (no {@code opts}, a single {@code sid}), which expects a {@code {"requestId"}} response.
	 * @return whether this is a legacy request
	 */
	boolean legacy() {
		return !this.hasOpts && this.type >= RedisAdapterCodec.REMOTE_JOIN
				&& this.type <= RedisAdapterCodec.REMOTE_DISCONNECT;
	}

}
