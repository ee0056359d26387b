package dev.ioboot.server.socket;

import java.util.List;
import java.util.concurrent.Executor;

import dev.ioboot.IoBroadcast;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoEmitFlags;
import dev.ioboot.adapter.IoTarget;

/**
 * Starts broadcasts: to this node's sockets, and through the adapter to the other nodes'.
 *
 * @param node this node's sockets
 * @param adapter reaches the other nodes
 * @param handlers where the results of broadcasts with acknowledgements complete
 * @param adapterKeepsSessions whether connection state recovery is on and the adapter keeps
 * its packets and sessions for every node
 */
record Broadcasts(LocalIoNode node, IoAdapter adapter, Executor handlers, boolean adapterKeepsSessions) {

	Broadcasts(LocalIoNode node, IoAdapter adapter, Executor handlers) {
		this(node, adapter, handlers, false);
	}

	IoBroadcast of(String namespace) {
		return new NamespaceBroadcast(this, namespace);
	}

	/**
	 * Emit an event that the matching sockets may need to recover: kept on this node and
	 * delivered at once, or handed to the adapter, which keeps it and delivers it to every
	 * node, this one included.
	 * @param target the sockets
	 * @param event the event name
	 * @param args the arguments
	 * @param flags the flags, neither droppable nor local
	 * @return the number of sockets of this node written to, or to be written to
	 */
	int emitRecoverable(IoTarget target, String event, List<Object> args, IoEmitFlags flags) {
		int sent = keep(target, event, args, flags);
		if (!this.adapterKeepsSessions) {
			this.adapter.broadcast(target, event, args, flags);
		}
		return sent;
	}

	/**
	 * Deliver an event that sockets may need to recover to this node's matching sockets, where
	 * it is kept: in this node's recovery buffer as it is delivered, or by the adapter, which
	 * delivers it to every node once it gave it its offset.
	 * @param target the sockets
	 * @param event the event name
	 * @param args the arguments
	 * @param flags the flags, neither droppable nor local
	 * @return the number of sockets of this node written to, or to be written to
	 */
	int keep(IoTarget target, String event, List<Object> args, IoEmitFlags flags) {
		if (!this.adapterKeepsSessions) {
			return this.node.deliver(target, event, args, flags);
		}
		this.adapter.broadcastRecoverable(target, event, args, flags);
		return this.node.count(target);
	}

}
