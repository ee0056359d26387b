package dev.ioboot.server;

import dev.ioboot.server.netty.NettySocketIoServer;
import dev.ioboot.server.socket.SocketIoLayer;

/**
 * Builds an {@link IoServer} from an {@link IoServerSpec}: the Socket.IO side (namespaces,
 * sockets, handler pool, the {@link dev.ioboot.Io} facade) and netty-socketio's server,
 * which binds the port and runs the event loops. The server is complete when created and
 * starts with {@link IoServer#start()}.
 */
public class IoServerFactory {

	/**
	 * Create a server, not yet listening.
	 * @param spec what the server is made of
	 * @return the server
	 */
	public IoServer create(IoServerSpec spec) {
		IoServerListeners listeners = new IoServerListeners();
		SocketIoLayer sockets = new SocketIoLayer(spec.namespaces(), spec.json().objectMapper(), spec.parser(), spec.dispatcher(),
				spec.handlerThreads(), spec.virtualThreads(), spec.adapter(), spec.settings().connectTimeout(),
				spec.principals(), spec.middlewares(), spec.limits(), listeners);
		NettySocketIoServer netty = new NettySocketIoServer(spec.bind(), spec.bootstrapCustomizers());
		return new IoServer(spec, listeners, sockets, netty);
	}

}
