package dev.ioboot.adapter.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message or response of socket.io's cluster protocol, as {@code ClusterAdapter} sends it:
 * <code>{type, data, uid, nsp}</code>. What {@code data} holds depends on the type; it is
 * {@code null} for heartbeats and {@link #ADAPTER_CLOSE}.
 *
 * @param type the message type, from {@link #INITIAL_HEARTBEAT} to {@link #ADAPTER_CLOSE}
 * @param uid the sending adapter's uid (one per namespace and node, 16 hex digits for Node;
 * {@code "emitter"} for an emitter)
 * @param namespace the namespace, such as {@code /}
 * @param data the type's payload, {@code null} for none
 */
public record ClusterMessage(int type, String uid, String namespace, Map<String, Object> data) {

	/** A node announces itself (heartbeat-based transports). */
	public static final int INITIAL_HEARTBEAT = 1;

	/** A node is alive (heartbeat-based transports). */
	public static final int HEARTBEAT = 2;

	/** A broadcast, with a {@code requestId} when acknowledgements are asked for. */
	public static final int BROADCAST = 3;

	/** Make matching sockets join rooms. */
	public static final int SOCKETS_JOIN = 4;

	/** Make matching sockets leave rooms. */
	public static final int SOCKETS_LEAVE = 5;

	/** Disconnect matching sockets. */
	public static final int DISCONNECT_SOCKETS = 6;

	/** Describe matching sockets. */
	public static final int FETCH_SOCKETS = 7;

	/** The answer to {@link #FETCH_SOCKETS}. */
	public static final int FETCH_SOCKETS_RESPONSE = 8;

	/** An event for the other nodes' handlers, with a {@code requestId} when acknowledged. */
	public static final int SERVER_SIDE_EMIT = 9;

	/** The acknowledgement of a {@link #SERVER_SIDE_EMIT}. */
	public static final int SERVER_SIDE_EMIT_RESPONSE = 10;

	/** How many clients a node asked for acknowledgements of a {@link #BROADCAST}. */
	public static final int BROADCAST_CLIENT_COUNT = 11;

	/** One client's acknowledgement of a {@link #BROADCAST}. */
	public static final int BROADCAST_ACK = 12;

	/** A node's adapter closes (heartbeat-based transports). */
	public static final int ADAPTER_CLOSE = 13;

	/**
	 * Create a message, copying {@code data}.
	 * @param type the type
	 * @param uid the sender's uid
	 * @param namespace the namespace
	 * @param data the payload or {@code null}
	 */
	public ClusterMessage {
		data = (data != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(data)) : null;
	}

	/**
	 * Return the {@code requestId} of the payload.
	 * @return the request id, or {@code null} when there is none
	 */
	public String requestId() {
		return (this.data != null && this.data.get("requestId") instanceof String id) ? id : null;
	}

	/**
	 * Return whether this is a response, sent to one node only: types
	 * {@link #FETCH_SOCKETS_RESPONSE}, {@link #SERVER_SIDE_EMIT_RESPONSE},
	 * {@link #BROADCAST_CLIENT_COUNT} and {@link #BROADCAST_ACK}.
	 * @return whether this is a response
	 */
	public boolean isResponse() {
		return this.type == FETCH_SOCKETS_RESPONSE || this.type == SERVER_SIDE_EMIT_RESPONSE
				|| this.type == BROADCAST_CLIENT_COUNT || this.type == BROADCAST_ACK;
	}

}
