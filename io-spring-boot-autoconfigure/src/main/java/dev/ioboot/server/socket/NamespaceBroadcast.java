package dev.ioboot.server.socket;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import dev.ioboot.IoBroadcast;
import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoNode;
import dev.ioboot.adapter.IoSocketDetails;
import dev.ioboot.adapter.IoTarget;

/**
 * A broadcast to the sockets of one namespace: encoded once and written to each matching
 * socket of this node once, then handed to the adapter for the other nodes.
 */
final class NamespaceBroadcast implements IoBroadcast {

	private final IoNode node;

	private final IoAdapter adapter;

	private final String namespace;

	private final List<String> rooms;

	private final List<String> except;

	NamespaceBroadcast(IoNode node, IoAdapter adapter, String namespace) {
		this(node, adapter, namespace, List.of(), List.of());
	}

	private NamespaceBroadcast(IoNode node, IoAdapter adapter, String namespace, List<String> rooms,
			List<String> except) {
		this.node = node;
		this.adapter = adapter;
		this.namespace = namespace;
		this.rooms = rooms;
		this.except = except;
	}

	@Override
	public IoBroadcast to(String... rooms) {
		return new NamespaceBroadcast(this.node, this.adapter, this.namespace, concat(this.rooms, rooms), this.except);
	}

	@Override
	public IoBroadcast except(String... rooms) {
		return new NamespaceBroadcast(this.node, this.adapter, this.namespace, this.rooms, concat(this.except, rooms));
	}

	private IoTarget target() {
		return new IoTarget(this.namespace, new LinkedHashSet<>(this.rooms), new LinkedHashSet<>(this.except));
	}

	@Override
	public int emit(String event, Object... args) {
		IoTarget target = target();
		int sent = this.node.deliver(target, event, Arrays.asList(args));
		this.adapter.broadcast(target, event, Arrays.asList(args));
		return sent;
	}

	@Override
	public void socketsJoin(String... rooms) {
		IoTarget target = target();
		Set<String> joined = Set.of(rooms);
		this.node.join(target, joined);
		this.adapter.socketsJoin(target, joined);
	}

	@Override
	public void socketsLeave(String... rooms) {
		IoTarget target = target();
		Set<String> left = Set.of(rooms);
		this.node.leave(target, left);
		this.adapter.socketsLeave(target, left);
	}

	@Override
	public void disconnectSockets(boolean close) {
		IoTarget target = target();
		this.node.disconnect(target, close);
		this.adapter.disconnectSockets(target, close);
	}

	@Override
	public CompletableFuture<List<IoSocketDetails>> fetchSockets() {
		IoTarget target = target();
		List<IoSocketDetails> local = this.node.fetch(target);
		return this.adapter.fetchSockets(target).thenApply((remote) -> {
			List<IoSocketDetails> all = new ArrayList<>(local);
			all.addAll(remote);
			return all;
		});
	}

	private static List<String> concat(List<String> first, String[] more) {
		return Stream.concat(first.stream(), Arrays.stream(more)).toList();
	}

}
