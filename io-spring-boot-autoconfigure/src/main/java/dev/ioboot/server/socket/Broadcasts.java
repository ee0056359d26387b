package dev.ioboot.server.socket;

import dev.ioboot.IoBroadcast;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoNode;

/**
 * Starts broadcasts: to this node's sockets, and through the adapter to the other nodes'.
 *
 * @param node this node's sockets
 * @param adapter reaches the other nodes
 */
record Broadcasts(IoNode node, IoAdapter adapter) {

	IoBroadcast of(String namespace) {
		return new NamespaceBroadcast(this.node, this.adapter, namespace);
	}

}
