package dev.ioboot.server.socket;

import java.util.concurrent.Executor;

import dev.ioboot.IoBroadcast;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoNode;

/**
 * Starts broadcasts: to this node's sockets, and through the adapter to the other nodes'.
 *
 * @param node this node's sockets
 * @param adapter reaches the other nodes
 * @param handlers where the results of broadcasts with acknowledgements complete
 */
record Broadcasts(IoNode node, IoAdapter adapter, Executor handlers) {

	IoBroadcast of(String namespace) {
		return new NamespaceBroadcast(this, namespace);
	}

}
