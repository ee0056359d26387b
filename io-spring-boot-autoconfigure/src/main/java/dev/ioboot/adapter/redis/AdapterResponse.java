package dev.ioboot.adapter.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A response received on a response channel ({@code K-response#N#} or
 * {@code K-response#N#uid#}). Only SERVER_SIDE_EMIT (6), BROADCAST_CLIENT_COUNT (8) and
 * BROADCAST_ACK (9) responses carry a type; the others are matched to their request by
 * {@code requestId} alone.
 *
 * @param type the response type, or {@link #NO_TYPE} when absent
 * @param requestId the id of the request answered, {@code null} when absent
 * @param sockets the {@code sockets} array (socket detail maps for REMOTE_FETCH, socket ids for
 * SOCKETS), {@code null} when absent or not an array
 * @param rooms the {@code rooms} array of an ALL_ROOMS response, {@code null} when absent or
 * not an array
 * @param clientCount the client count of a BROADCAST_CLIENT_COUNT response, otherwise
 * {@code null}
 * @param data the acknowledgement of a SERVER_SIDE_EMIT response, {@code null} when absent
 * @param packet the acknowledgement of a BROADCAST_ACK response, {@code null} when absent
 */
record AdapterResponse(int type, String requestId, List<Object> sockets, List<String> rooms, Integer clientCount,
		Object data, Object packet) {

	/**
	 * The {@link #type()} of a response that has none.
	 */
	static final int NO_TYPE = -1;

	AdapterResponse {
		sockets = (sockets != null) ? Collections.unmodifiableList(new ArrayList<>(sockets)) : null;
		rooms = (rooms != null) ? Collections.unmodifiableList(new ArrayList<>(rooms)) : null;
	}

}
