package dev.ioboot.server.socket;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.ioboot.Io;
import dev.ioboot.IoBroadcast;
import dev.ioboot.IoSocket;
import dev.ioboot.adapter.IoAdapter;

/**
 * The {@link Io} facade over the sockets of this node and the adapter that reaches the
 * other nodes.
 */
final class DefaultIo implements Io {

	private final SocketNamespaces namespaces;

	private final Broadcasts broadcasts;

	DefaultIo(SocketNamespaces namespaces, Broadcasts broadcasts) {
		this.namespaces = namespaces;
		this.broadcasts = broadcasts;
	}

	@Override
	public IoBroadcast of(String namespace) {
		return this.broadcasts.of(this.namespaces.get(namespace).name());
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
		return Optional.ofNullable(this.namespaces.get(namespace).socket(socketId));
	}

	@Override
	public Collection<IoSocket> sockets(String namespace) {
		return new ArrayList<>(this.namespaces.get(namespace).sockets());
	}

	@Override
	public Collection<String> namespaces() {
		return this.namespaces.names();
	}

	@Override
	public void serverSideEmit(String event, Object... args) {
		adapter().serverSideEmit(DEFAULT_NAMESPACE, event, Arrays.asList(args));
	}

	@Override
	public CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Object... args) {
		return adapter().serverSideEmitWithAck(DEFAULT_NAMESPACE, event, Arrays.asList(args));
	}

	private IoAdapter adapter() {
		return this.broadcasts.adapter();
	}

}
