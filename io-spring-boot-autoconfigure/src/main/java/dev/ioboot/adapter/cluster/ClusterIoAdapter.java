package dev.ioboot.adapter.cluster;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoEmitFlags;
import dev.ioboot.adapter.IoNode;
import dev.ioboot.adapter.IoSocketDetails;
import dev.ioboot.adapter.IoTarget;

/**
 * An {@link IoAdapter} speaking socket.io's cluster protocol (socket.io-adapter's
 * {@code ClusterAdapter}), whatever carries its messages. It turns the adapter calls into
 * {@link ClusterMessage messages}, applies other nodes' messages to this node's sockets, and
 * tracks requests and broadcast acknowledgements with their timeouts. A transport implements
 * {@link #subscribe(String, String)}, {@link #publish(ClusterMessage)},
 * {@link #publishResponse(String, ClusterMessage)} and {@link #serverCount(String)}, and hands
 * what it receives to {@link #onMessage(ClusterMessage, String)} or
 * {@link #onMessage(byte[], String)}.
 * <p>
 * As in Node, each namespace has its own uid (16 hex digits), messages carrying this node's
 * uid are ignored, and responses are sent to the requesting uid alone. A malformed message is
 * logged (the first at warn level, the others at debug level) and dropped.
 */
public abstract class ClusterIoAdapter implements IoAdapter {

	private static final Log logger = LogFactory.getLog(ClusterIoAdapter.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	/** socket.io-parser's EVENT packet type. */
	private static final int EVENT = 2;

	private final ClusterCodec codec;

	private final Duration requestTimeout;

	private final Map<String, String> uids = new ConcurrentHashMap<>();

	private final Map<String, PendingRequest<?>> requests = new ConcurrentHashMap<>();

	private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();

	private final AtomicBoolean malformedLogged = new AtomicBoolean();

	private volatile IoNode node;

	/**
	 * Create an adapter.
	 * @param objectMapper the Jackson 2 mapper for application values
	 * @param requestTimeout how long to wait for other nodes' answers to fetchSockets and
	 * serverSideEmitWithAck
	 */
	protected ClusterIoAdapter(ObjectMapper objectMapper, Duration requestTimeout) {
		this.codec = new ClusterCodec(objectMapper);
		this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout must not be null");
	}

	// ---------------------------------------------------------------- for transports

	/**
	 * Start listening for a namespace's messages: those to every node and the responses to
	 * {@code uid}. Called once per namespace, from {@link #start(IoNode)} and
	 * {@link #namespaceCreated(String)}.
	 * @param namespace the namespace
	 * @param uid this node's uid for the namespace
	 */
	protected abstract void subscribe(String namespace, String uid);

	/**
	 * Send a message to every other node of its namespace.
	 * @param message the message, its uid and namespace set
	 * @return the message's offset in the transport (a stream entry id), or an empty string
	 * when the transport has none; failed when the message could not be sent
	 */
	protected abstract CompletableFuture<String> publish(ClusterMessage message);

	/**
	 * Send a response to the node that asked.
	 * @param requesterUid the uid of the requesting adapter
	 * @param response the response, its uid and namespace set
	 * @return completed once sent, failed when the response could not be sent
	 */
	protected abstract CompletableFuture<Void> publishResponse(String requesterUid, ClusterMessage response);

	/**
	 * Count the nodes of a namespace, this one included.
	 * @param namespace the namespace
	 * @return the number of nodes, failed when it cannot be known
	 */
	protected abstract CompletableFuture<Integer> serverCount(String namespace);

	/**
	 * Return the codec of this adapter, for transports that encode messages themselves.
	 * @return the codec
	 */
	protected final ClusterCodec codec() {
		return this.codec;
	}

	/**
	 * Return this node's uid for a namespace.
	 * @param namespace the namespace
	 * @return the uid, or {@code null} for a namespace this adapter does not carry
	 */
	protected final String uid(String namespace) {
		return this.uids.get(namespace);
	}

	/**
	 * Return this node's sockets.
	 * @return the node, {@code null} before {@link #start(IoNode)}
	 */
	protected final IoNode node() {
		return this.node;
	}

	/**
	 * Decode a message received from the transport and handle it; a malformed one is logged
	 * and dropped.
	 * @param payload the message, JSON or MessagePack (see {@link ClusterCodec#decode})
	 * @param offset the message's offset in the transport, or {@code null}
	 */
	protected void onMessage(byte[] payload, String offset) {
		ClusterMessage message;
		try {
			message = ClusterCodec.decode(payload);
		}
		catch (ClusterCodecException ex) {
			malformed(ex);
			return;
		}
		onMessage(message, offset);
	}

	/**
	 * Handle a message or response received from the transport: ignored when it comes from
	 * this node or for a namespace this node does not carry, applied to this node's sockets
	 * otherwise. A malformed message is logged and dropped.
	 * @param message the message
	 * @param offset the message's offset in the transport, or {@code null}
	 */
	protected void onMessage(ClusterMessage message, String offset) {
		String own = this.uids.get(message.namespace());
		if (own == null || own.equals(message.uid()) || this.node == null) {
			return;
		}
		try {
			if (message.isResponse()) {
				onResponse(message);
			}
			else {
				onRequest(message, offset);
			}
		}
		catch (ClusterCodecException | IllegalArgumentException | ClassCastException ex) {
			malformed(ex);
		}
	}

	/**
	 * Forget a node that left (for transports that track nodes by heartbeat): the pending
	 * requests of its namespace stop waiting for its answer.
	 * @param namespace the namespace
	 * @param uid the uid of the node that left
	 */
	protected final void nodeLeft(String namespace, String uid) {
		this.requests.values().forEach((request) -> request.forget(namespace, uid));
	}

	/**
	 * Log a message that could not be decoded or applied: the first at warn level, the others
	 * at debug level.
	 * @param ex what was wrong
	 */
	protected final void malformed(Exception ex) {
		if (this.malformedLogged.compareAndSet(false, true)) {
			logger.warn("Dropping a malformed cluster message (further ones are logged at debug level): "
					+ ex.getMessage());
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Dropping a malformed cluster message: " + ex.getMessage());
		}
	}

	// ---------------------------------------------------------------- lifecycle

	/**
	 * Subscribe to the messages of every namespace of the node. Transports that open
	 * connections override this and call it once they can subscribe.
	 * @param node this node's sockets
	 */
	@Override
	public void start(IoNode node) {
		this.node = node;
		for (String namespace : node.namespaces()) {
			namespaceCreated(namespace);
		}
	}

	@Override
	public void namespaceCreated(String namespace) {
		if (this.node == null) {
			return;
		}
		String uid = newUid();
		if (this.uids.putIfAbsent(namespace, uid) == null) {
			subscribe(namespace, uid);
		}
	}

	/**
	 * Fail the pending requests. Transports override this to unsubscribe and call it.
	 */
	@Override
	public void stop() {
		this.requests.values().forEach((request) -> request.fail(new IllegalStateException("Adapter stopped")));
		this.requests.clear();
		this.ackRequests.clear();
	}

	// ---------------------------------------------------------------- outbound

	@Override
	public void broadcast(IoTarget target, String event, List<Object> args) {
		broadcast(target, event, args, IoEmitFlags.DEFAULT);
	}

	@Override
	public void broadcast(IoTarget target, String event, List<Object> args, IoEmitFlags flags) {
		publishBroadcast(target, event, args, flags);
	}

	/**
	 * Send a broadcast to the other nodes, for transports that need its offset.
	 * @param target the sockets
	 * @param event the event name
	 * @param args the arguments
	 * @param flags the flags
	 * @return the broadcast's offset in the transport, failed when it could not be sent
	 */
	protected final CompletableFuture<String> publishBroadcast(IoTarget target, String event, List<Object> args,
			IoEmitFlags flags) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("packet", packet(event, args));
		data.put("opts", options(target, ClusterFlags.toMap(flags)));
		return send(target.namespace(), ClusterMessage.BROADCAST, data);
	}

	@Override
	public CompletableFuture<Integer> broadcastWithAck(IoTarget target, String event, List<Object> args,
			IoEmitFlags flags, IntConsumer clientCount, Consumer<Object> ack) {
		String namespace = target.namespace();
		String requestId = newUid();
		this.ackRequests.put(requestId, new AckRequest(clientCount, ack));
		Duration timeout = (flags.timeout() != null) ? flags.timeout() : this.requestTimeout;
		CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
			.execute(() -> this.ackRequests.remove(requestId));
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("packet", packet(event, args));
		data.put("requestId", requestId);
		data.put("opts", options(target, ClusterFlags.toMap(flags)));
		send(namespace, ClusterMessage.BROADCAST, data);
		return countOthers(namespace).exceptionally((ex) -> {
			this.ackRequests.remove(requestId);
			logger.debug("Cannot count the other nodes: " + ex.getMessage());
			return 0;
		});
	}

	@Override
	public void socketsJoin(IoTarget target, Set<String> rooms) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("opts", options(target, Map.of()));
		data.put("rooms", new ArrayList<>(rooms));
		send(target.namespace(), ClusterMessage.SOCKETS_JOIN, data);
	}

	@Override
	public void socketsLeave(IoTarget target, Set<String> rooms) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("opts", options(target, Map.of()));
		data.put("rooms", new ArrayList<>(rooms));
		send(target.namespace(), ClusterMessage.SOCKETS_LEAVE, data);
	}

	@Override
	public void disconnectSockets(IoTarget target, boolean close) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("opts", options(target, Map.of()));
		data.put("close", close);
		send(target.namespace(), ClusterMessage.DISCONNECT_SOCKETS, data);
	}

	@Override
	public CompletableFuture<List<IoSocketDetails>> fetchSockets(IoTarget target) {
		String namespace = target.namespace();
		return request(namespace, "fetchSockets", (requestId) -> {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("opts", options(target, Map.of()));
			data.put("requestId", requestId);
			return data;
		}, (response, sockets) -> {
			if (response.data().get("sockets") instanceof Collection<?> list) {
				list.forEach((socket) -> sockets.add(SocketDescriptions.read(namespace, socket)));
			}
		});
	}

	@Override
	public void serverSideEmit(String namespace, String event, List<Object> args) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("packet", eventData(event, args));
		send(namespace, ClusterMessage.SERVER_SIDE_EMIT, data);
	}

	@Override
	public CompletableFuture<List<Object>> serverSideEmitWithAck(String namespace, String event, List<Object> args) {
		return request(namespace, "serverSideEmitWithAck", (requestId) -> {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("requestId", requestId);
			data.put("packet", eventData(event, args));
			return data;
		}, (response, acks) -> acks.add(response.data().get("packet")));
	}

	private <T> CompletableFuture<List<T>> request(String namespace, String operation,
			java.util.function.Function<String, Map<String, Object>> data, ResponseReader<T> reader) {
		return countOthers(namespace).thenCompose((others) -> {
			if (others <= 0) {
				return CompletableFuture.completedFuture(List.<T>of());
			}
			String requestId = newUid();
			PendingRequest<T> request = new PendingRequest<>(namespace, others, reader);
			this.requests.put(requestId, request);
			request.future.orTimeout(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((result, failure) -> this.requests.remove(requestId));
			send(namespace, typeOf(operation), data.apply(requestId));
			return request.future.exceptionallyCompose((failure) -> CompletableFuture
				.failedFuture((failure instanceof TimeoutException) ? new TimeoutException("timeout reached while "
						+ "waiting for " + operation + " response (" + request.received() + " of " + others
						+ " nodes answered)") : failure));
		});
	}

	private static int typeOf(String operation) {
		return operation.equals("fetchSockets") ? ClusterMessage.FETCH_SOCKETS : ClusterMessage.SERVER_SIDE_EMIT;
	}

	private CompletableFuture<Integer> countOthers(String namespace) {
		CompletableFuture<Integer> count;
		try {
			count = serverCount(namespace);
		}
		catch (RuntimeException ex) {
			count = CompletableFuture.failedFuture(ex);
		}
		return count.thenApply((nodes) -> Math.max(0, nodes - 1));
	}

	private CompletableFuture<String> send(String namespace, int type, Map<String, Object> data) {
		ClusterMessage message = new ClusterMessage(type, requireUid(namespace), namespace, data);
		CompletableFuture<String> sent;
		try {
			sent = publish(message);
		}
		catch (RuntimeException ex) {
			sent = CompletableFuture.failedFuture(ex);
		}
		sent.whenComplete((offset, failure) -> {
			if (failure != null && logger.isDebugEnabled()) {
				logger.debug("Cannot publish a message of type " + type + ": " + failure.getMessage());
			}
		});
		return sent;
	}

	private void respond(ClusterMessage request, int type, Map<String, Object> data) {
		ClusterMessage response = new ClusterMessage(type, requireUid(request.namespace()), request.namespace(),
				data);
		CompletableFuture<Void> sent;
		try {
			sent = publishResponse(request.uid(), response);
		}
		catch (RuntimeException ex) {
			sent = CompletableFuture.failedFuture(ex);
		}
		sent.whenComplete((result, failure) -> {
			if (failure != null && logger.isDebugEnabled()) {
				logger.debug("Cannot publish a response of type " + type + ": " + failure.getMessage());
			}
		});
	}

	private String requireUid(String namespace) {
		String uid = this.uids.get(namespace);
		if (uid == null) {
			throw new IllegalArgumentException("Unknown namespace '" + namespace + "'");
		}
		return uid;
	}

	// ---------------------------------------------------------------- inbound

	private void onRequest(ClusterMessage message, String offset) {
		String namespace = message.namespace();
		Map<String, Object> data = (message.data() != null) ? message.data() : Map.of();
		switch (message.type()) {
			case ClusterMessage.BROADCAST -> onBroadcast(message, data, offset);
			case ClusterMessage.SOCKETS_JOIN -> this.node.join(target(namespace, data), rooms(data.get("rooms")));
			case ClusterMessage.SOCKETS_LEAVE -> this.node.leave(target(namespace, data), rooms(data.get("rooms")));
			case ClusterMessage.DISCONNECT_SOCKETS ->
				this.node.disconnect(target(namespace, data), Boolean.TRUE.equals(data.get("close")));
			case ClusterMessage.FETCH_SOCKETS -> {
				List<Map<String, Object>> sockets = new ArrayList<>();
				for (IoSocketDetails socket : this.node.fetch(target(namespace, data))) {
					sockets.add(SocketDescriptions.describe(socket));
				}
				Map<String, Object> response = new LinkedHashMap<>();
				response.put("requestId", message.requestId());
				response.put("sockets", sockets);
				respond(message, ClusterMessage.FETCH_SOCKETS_RESPONSE, response);
			}
			case ClusterMessage.SERVER_SIDE_EMIT -> onServerSideEmit(message, data);
			case ClusterMessage.INITIAL_HEARTBEAT, ClusterMessage.HEARTBEAT, ClusterMessage.ADAPTER_CLOSE -> {
				// node tracking is the transport's concern
			}
			default -> logger.debug("Ignoring a cluster message of unknown type " + message.type());
		}
	}

	private void onBroadcast(ClusterMessage message, Map<String, Object> data, String offset) {
		String namespace = message.namespace();
		List<Object> eventData = eventData(data.get("packet"));
		String event = (String) eventData.get(0);
		List<Object> args = new ArrayList<>(eventData.subList(1, eventData.size()));
		IoTarget target = target(namespace, data);
		IoEmitFlags flags = ClusterFlags.fromMap(options(data).get("flags"));
		String requestId = message.requestId();
		if (requestId == null) {
			if (offset != null && !offset.isEmpty()) {
				// the node sends it on with its offset where connection state recovery is on
				this.node.deliver(target, event, args, flags, offset);
			}
			else {
				this.node.deliver(target, event, args, flags);
			}
			return;
		}
		// acknowledgements that arrive before the client count is sent wait for it, so that
		// the requester always learns the count first
		OrderedAcks acks = new OrderedAcks((value) -> {
			Map<String, Object> response = new LinkedHashMap<>();
			response.put("requestId", requestId);
			response.put("packet", value);
			respond(message, ClusterMessage.BROADCAST_ACK, response);
		});
		int count = this.node.deliverWithAck(target, event, args, flags, acks::accept);
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("requestId", requestId);
		response.put("clientCount", count);
		respond(message, ClusterMessage.BROADCAST_CLIENT_COUNT, response);
		acks.open();
	}

	private void onServerSideEmit(ClusterMessage message, Map<String, Object> data) {
		if (!(data.get("packet") instanceof List<?> packet) || packet.isEmpty()
				|| !(packet.get(0) instanceof String event)) {
			throw new ClusterCodecException("SERVER_SIDE_EMIT packet is not an array starting with an event name");
		}
		List<Object> args = new ArrayList<>(packet.subList(1, packet.size()));
		String requestId = message.requestId();
		Consumer<Object> ack = null;
		if (requestId != null) {
			AtomicBoolean called = new AtomicBoolean();
			ack = (value) -> {
				if (called.compareAndSet(false, true)) {
					Map<String, Object> response = new LinkedHashMap<>();
					response.put("requestId", requestId);
					response.put("packet", value);
					respond(message, ClusterMessage.SERVER_SIDE_EMIT_RESPONSE, response);
				}
			};
		}
		this.node.serverSideEvent(message.namespace(), event, args, ack);
	}

	private void onResponse(ClusterMessage response) {
		String requestId = response.requestId();
		if (requestId == null) {
			return;
		}
		Map<String, Object> data = response.data();
		switch (response.type()) {
			case ClusterMessage.BROADCAST_CLIENT_COUNT -> {
				AckRequest request = this.ackRequests.get(requestId);
				if (request != null && data.get("clientCount") instanceof Number count) {
					request.clientCount().accept(count.intValue());
				}
			}
			case ClusterMessage.BROADCAST_ACK -> {
				AckRequest request = this.ackRequests.get(requestId);
				if (request != null) {
					request.ack().accept(data.get("packet"));
				}
			}
			default -> {
				PendingRequest<?> request = this.requests.get(requestId);
				if (request != null) {
					request.add(response);
				}
			}
		}
	}

	// ---------------------------------------------------------------- message parts

	private static Map<String, Object> packet(String event, List<Object> args) {
		Map<String, Object> packet = new LinkedHashMap<>();
		packet.put("type", EVENT);
		packet.put("data", eventData(event, args));
		return packet;
	}

	private static List<Object> eventData(String event, List<Object> args) {
		Objects.requireNonNull(event, "event must not be null");
		List<Object> data = new ArrayList<>(((args != null) ? args.size() : 0) + 1);
		data.add(event);
		if (args != null) {
			data.addAll(args);
		}
		return data;
	}

	private static List<Object> eventData(Object packetValue) {
		if (!(packetValue instanceof Map<?, ?> packet)) {
			throw new ClusterCodecException("BROADCAST packet is not an object");
		}
		if (!(packet.get("type") instanceof Number type) || type.intValue() != EVENT) {
			throw new ClusterCodecException("BROADCAST packet is not an EVENT");
		}
		if (!(packet.get("data") instanceof List<?> data) || data.isEmpty() || !(data.get(0) instanceof String)) {
			throw new ClusterCodecException("BROADCAST packet data is not an array starting with an event name");
		}
		return new ArrayList<>(data);
	}

	private static Map<String, Object> options(IoTarget target, Map<String, Object> flags) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("rooms", new ArrayList<>(target.rooms()));
		options.put("except", new ArrayList<>(target.except()));
		options.put("flags", flags);
		return options;
	}

	private static Map<?, ?> options(Map<String, Object> data) {
		Object options = data.get("opts");
		if (options == null) {
			return Map.of();
		}
		if (!(options instanceof Map<?, ?> map)) {
			throw new ClusterCodecException("opts is not an object");
		}
		return map;
	}

	private static IoTarget target(String namespace, Map<String, Object> data) {
		Map<?, ?> options = options(data);
		return new IoTarget(namespace, rooms(options.get("rooms")), rooms(options.get("except")));
	}

	private static Set<String> rooms(Object value) {
		Set<String> rooms = new LinkedHashSet<>();
		if (value instanceof Collection<?> list) {
			for (Object room : list) {
				if (room instanceof String name) {
					rooms.add(name);
				}
				else if (room instanceof Integer || room instanceof Long) {
					rooms.add(room.toString());
				}
				else if (room instanceof Double number && Double.isFinite(number)) {
					rooms.add(ClusterCodec.jsNumber(number));
				}
			}
		}
		else if (value != null) {
			throw new ClusterCodecException("rooms is not an array");
		}
		return rooms;
	}

	static String newUid() {
		byte[] bytes = new byte[8];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	// ---------------------------------------------------------------- requests

	@FunctionalInterface
	private interface ResponseReader<T> {

		void read(ClusterMessage response, List<T> results);

	}

	/**
	 * A broadcast with acknowledgements waiting for the other nodes' client counts and their
	 * clients' answers.
	 *
	 * @param clientCount told each node's client count
	 * @param ack told each client's answer
	 */
	private record AckRequest(IntConsumer clientCount, Consumer<Object> ack) {

	}

	/**
	 * The acknowledgements of a broadcast this node ran for another: held until the client
	 * count is sent, then passed on as they come.
	 */
	private static final class OrderedAcks {

		private final Consumer<Object> target;

		private List<Object> held = new ArrayList<>();

		OrderedAcks(Consumer<Object> target) {
			this.target = target;
		}

		void accept(Object value) {
			synchronized (this) {
				if (this.held != null) {
					this.held.add(value);
					return;
				}
			}
			this.target.accept(value);
		}

		void open() {
			List<Object> values;
			synchronized (this) {
				values = this.held;
				this.held = null;
			}
			values.forEach(this.target);
		}

	}

	/**
	 * A request waiting for the other nodes' responses.
	 */
	private static final class PendingRequest<T> {

		private final String namespace;

		private final ResponseReader<T> reader;

		private final List<T> results = new ArrayList<>();

		private final Set<String> answered = new LinkedHashSet<>();

		private int expected;

		private int received;

		final CompletableFuture<List<T>> future = new CompletableFuture<>();

		PendingRequest(String namespace, int expected, ResponseReader<T> reader) {
			this.namespace = namespace;
			this.expected = expected;
			this.reader = reader;
		}

		synchronized void add(ClusterMessage response) {
			if (response.uid() != null && !this.answered.add(response.uid())) {
				return;
			}
			this.received++;
			this.reader.read(response, this.results);
			complete();
		}

		synchronized void forget(String namespace, String uid) {
			if (this.namespace.equals(namespace) && !this.answered.contains(uid)) {
				this.expected--;
				complete();
			}
		}

		private void complete() {
			if (this.received >= this.expected) {
				this.future.complete(Collections.unmodifiableList(new ArrayList<>(this.results)));
			}
		}

		synchronized int received() {
			return this.received;
		}

		void fail(Exception ex) {
			this.future.completeExceptionally(ex);
		}

	}

}
