package dev.ioboot.adapter;

import java.util.Map;
import java.util.Set;

import dev.ioboot.IoHandshake;

/**
 * A socket as another node describes it: the result of {@code fetchSockets}.
 *
 * @param id the socket id
 * @param namespace the namespace
 * @param rooms the rooms it is in, its own id included
 * @param handshake its handshake
 * @param data the values attached to it
 */
public record IoSocketDetails(String id, String namespace, Set<String> rooms, IoHandshake handshake,
		Map<String, Object> data) {

}
