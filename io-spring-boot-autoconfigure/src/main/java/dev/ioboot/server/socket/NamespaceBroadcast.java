package dev.ioboot.server.socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.ioboot.IoBroadcast;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoEmitFlags;
import dev.ioboot.adapter.IoNode;
import dev.ioboot.adapter.IoSocketDetails;
import dev.ioboot.adapter.IoTarget;

/**
 * A broadcast to the sockets of one namespace: encoded once and written to each matching
 * socket of this node once, then handed to the adapter for the other nodes (unless it is
 * {@link #local()}).
 */
final class NamespaceBroadcast implements IoBroadcast {

	private final Broadcasts broadcasts;

	private final String namespace;

	private final List<String> rooms;

	private final List<String> except;

	private final IoEmitFlags flags;

	NamespaceBroadcast(Broadcasts broadcasts, String namespace) {
		this(broadcasts, namespace, List.of(), List.of(), IoEmitFlags.DEFAULT);
	}

	private NamespaceBroadcast(Broadcasts broadcasts, String namespace, List<String> rooms, List<String> except,
			IoEmitFlags flags) {
		this.broadcasts = broadcasts;
		this.namespace = namespace;
		this.rooms = rooms;
		this.except = except;
		this.flags = flags;
	}

	@Override
	public IoBroadcast to(String... rooms) {
		return new NamespaceBroadcast(this.broadcasts, this.namespace, concat(this.rooms, rooms), this.except,
				this.flags);
	}

	@Override
	public IoBroadcast except(String... rooms) {
		return new NamespaceBroadcast(this.broadcasts, this.namespace, this.rooms, concat(this.except, rooms),
				this.flags);
	}

	@Override
	public IoBroadcast timeout(Duration timeout) {
		return withFlags(this.flags.withTimeout(timeout));
	}

	@Override
	public IoBroadcast droppable() {
		return withFlags(this.flags.asDroppable());
	}

	@Override
	public IoBroadcast compress(boolean compress) {
		return withFlags(this.flags.withCompress(compress));
	}

	@Override
	public IoBroadcast local() {
		return withFlags(this.flags.asLocal());
	}

	private IoBroadcast withFlags(IoEmitFlags flags) {
		return new NamespaceBroadcast(this.broadcasts, this.namespace, this.rooms, this.except, flags);
	}

	private IoTarget target() {
		return new IoTarget(this.namespace, new LinkedHashSet<>(this.rooms), new LinkedHashSet<>(this.except));
	}

	private IoNode node() {
		return this.broadcasts.node();
	}

	private IoAdapter adapter() {
		return this.broadcasts.adapter();
	}

	@Override
	public int emit(String event, Object... args) {
		IoTarget target = target();
		List<Object> values = Arrays.asList(args);
		if (!this.flags.local() && !this.flags.droppable()) {
			return this.broadcasts.emitRecoverable(target, event, values, this.flags);
		}
		int sent = node().deliver(target, event, values, this.flags);
		if (!this.flags.local()) {
			adapter().broadcast(target, event, values, this.flags);
		}
		return sent;
	}

	@Override
	public CompletableFuture<List<Object>> emitWithAck(String event, Object... args) {
		Duration timeout = this.flags.timeout();
		if (timeout == null) {
			throw new IllegalStateException("A broadcast with acknowledgements needs a timeout: "
					+ "call timeout(Duration) before emitWithAck('" + event + "')");
		}
		IoTarget target = target();
		List<Object> values = Arrays.asList(args);
		BroadcastAcks acks = new BroadcastAcks(this.broadcasts.handlers());
		CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(acks::timedOut);
		acks.localClients(node().deliverWithAck(target, event, values, this.flags, acks::answer));
		if (this.flags.local()) {
			acks.otherNodes(0);
		}
		else {
			adapter().broadcastWithAck(target, event, values, this.flags, acks::remoteClients, acks::answer)
				.whenComplete((nodes, failure) -> acks.otherNodes((failure != null) ? 0 : nodes));
		}
		return acks.result();
	}

	@Override
	public void socketsJoin(String... rooms) {
		IoTarget target = target();
		Set<String> joined = Set.of(rooms);
		node().join(target, joined);
		if (!this.flags.local()) {
			adapter().socketsJoin(target, joined);
		}
	}

	@Override
	public void socketsLeave(String... rooms) {
		IoTarget target = target();
		Set<String> left = Set.of(rooms);
		node().leave(target, left);
		if (!this.flags.local()) {
			adapter().socketsLeave(target, left);
		}
	}

	@Override
	public void disconnectSockets(boolean close) {
		IoTarget target = target();
		node().disconnect(target, close);
		if (!this.flags.local()) {
			adapter().disconnectSockets(target, close);
		}
	}

	@Override
	public CompletableFuture<List<IoSocketDetails>> fetchSockets() {
		IoTarget target = target();
		List<IoSocketDetails> local = node().fetch(target);
		if (this.flags.local()) {
			return CompletableFuture.completedFuture(local);
		}
		return adapter().fetchSockets(target).thenApply((remote) -> {
			List<IoSocketDetails> all = new ArrayList<>(local);
			all.addAll(remote);
			return all;
		});
	}

	private static List<String> concat(List<String> first, String[] more) {
		return Stream.concat(first.stream(), Arrays.stream(more)).toList();
	}

}
