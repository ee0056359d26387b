package dev.ioboot.server.socket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.ioboot.IoEmitter;
import dev.ioboot.adapter.IoEmitFlags;

/**
 * Emits to one socket with flags: what {@code socket.timeout(...)}, {@code droppable()} and
 * {@code compress(...)} return.
 *
 * @param socket the socket
 * @param flags the flags
 */
record SocketEmitter(NamespaceSocket socket, IoEmitFlags flags) implements IoEmitter {

	@Override
	public void emit(String event, Object... args) {
		this.socket.emit(event, args, this.flags);
	}

	@Override
	public CompletableFuture<List<Object>> emitWithAck(String event, Object... args) {
		return this.socket.emitWithAck(event, args, this.flags);
	}

	@Override
	public IoEmitter timeout(Duration timeout) {
		return new SocketEmitter(this.socket, this.flags.withTimeout(timeout));
	}

	@Override
	public IoEmitter droppable() {
		return new SocketEmitter(this.socket, this.flags.asDroppable());
	}

	@Override
	public IoEmitter compress(boolean compress) {
		return new SocketEmitter(this.socket, this.flags.withCompress(compress));
	}

}
