package dev.ioboot.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;

import dev.ioboot.Io;
import dev.ioboot.IoBroadcast;
import dev.ioboot.IoSocket;
import dev.ioboot.content.ContentAction;
import dev.ioboot.content.IoContentEmitter;

/**
 * The {@link Io} facade over an {@link IoServer}: broadcasts, single sockets and rooms of
 * this node.
 */
public class DefaultIo implements Io {

	/**
	 * Content emitter of an application without content types: every type is unknown.
	 */
	public static final IoContentEmitter NO_CONTENT = (type, action, object) -> {
		throw new IllegalArgumentException("Unknown content type '" + type + "': io.content-types lists none");
	};

	private final IoServer server;

	private final IoContentEmitter content;

	/**
	 * Create a facade without content types.
	 * @param server the server
	 */
	public DefaultIo(IoServer server) {
		this(server, NO_CONTENT);
	}

	/**
	 * Create a facade.
	 * @param server the server
	 * @param content announces content changes
	 */
	public DefaultIo(IoServer server, IoContentEmitter content) {
		this.server = server;
		this.content = content;
	}

	@Override
	public IoBroadcast of(String namespace) {
		this.server.namespace(namespace);
		return new NamespaceBroadcast(this.server, namespace);
	}

	@Override
	public boolean emitTo(String socketId, String event, Object... args) {
		to(socketId).emit(event, args);
		return socket(DEFAULT_NAMESPACE, socketId).isPresent();
	}

	@Override
	public void raw(String event, Object data, String... rooms) {
		to(rooms).emit(event, data);
	}

	@Override
	public boolean join(String socketId, String... rooms) {
		Optional<IoSocket> socket = socket(DEFAULT_NAMESPACE, socketId);
		socket.ifPresent((s) -> s.join(rooms));
		return socket.isPresent();
	}

	@Override
	public boolean leave(String socketId, String... rooms) {
		Optional<IoSocket> socket = socket(DEFAULT_NAMESPACE, socketId);
		socket.ifPresent((s) -> s.leave(rooms));
		return socket.isPresent();
	}

	@Override
	public Optional<IoSocket> socket(String namespace, String socketId) {
		UUID uuid;
		try {
			uuid = UUID.fromString(socketId);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		SocketIOClient client = this.server.namespace(namespace).getClient(uuid);
		return (client instanceof NamespaceSocket socket) ? Optional.of(socket) : Optional.empty();
	}

	@Override
	public Collection<IoSocket> sockets(String namespace) {
		List<IoSocket> sockets = new ArrayList<>();
		for (SocketIOClient client : this.server.namespace(namespace).getAllClients()) {
			if (client instanceof NamespaceSocket socket) {
				sockets.add(socket);
			}
		}
		return sockets;
	}

	@Override
	public Collection<String> namespaces() {
		return this.server.namespaces();
	}

	@Override
	public void serverSideEmit(String event, Object... args) {
		this.server.adapter().serverSideEmit(DEFAULT_NAMESPACE, event, java.util.Arrays.asList(args));
	}

	@Override
	public CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Object... args) {
		return this.server.adapter().serverSideEmitWithAck(DEFAULT_NAMESPACE, event, java.util.Arrays.asList(args));
	}

	@Override
	public void emitContent(String type, ContentAction action, Object content) {
		this.content.emitContent(type, action, content);
	}

	@Override
	public SocketIOServer server() {
		return this.server.server();
	}

}
