package dev.ioboot.adapter.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.corundumstudio.socketio.handler.AuthorizeHandler;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.store.MemoryStore;
import com.corundumstudio.socketio.store.Store;
import com.corundumstudio.socketio.store.StoreFactory;
import com.corundumstudio.socketio.store.pubsub.DispatchMessage;
import com.corundumstudio.socketio.store.pubsub.PubSubListener;
import com.corundumstudio.socketio.store.pubsub.PubSubMessage;
import com.corundumstudio.socketio.store.pubsub.PubSubStore;
import com.corundumstudio.socketio.store.pubsub.PubSubType;

import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.adapter.IoTarget;

/**
 * netty-socketio's {@link StoreFactory} over an {@link IoAdapter}: broadcasts made with
 * netty-socketio's own API ({@code server().getRoomOperations(room).sendEvent(...)}) reach the
 * other nodes in the adapter's wire format. Room joins and leaves are not published: no node
 * keeps a copy of another node's room membership. Session stores stay local.
 */
public class AdapterStoreFactory implements StoreFactory {

	private final IoAdapter adapter;

	private final PubSubStore pubSubStore = new AdapterPubSubStore();

	/**
	 * Create a store factory.
	 * @param adapter the adapter broadcasts go through
	 */
	public AdapterStoreFactory(IoAdapter adapter) {
		this.adapter = adapter;
	}

	@Override
	public PubSubStore pubSubStore() {
		return this.pubSubStore;
	}

	@Override
	public <K, V> Map<K, V> createMap(String name) {
		return new ConcurrentHashMap<>();
	}

	@Override
	public Store createStore(UUID sessionId) {
		return new MemoryStore();
	}

	@Override
	public void init(NamespacesHub namespacesHub, AuthorizeHandler authorizeHandler, JsonSupport jsonSupport) {
		// messages from other nodes arrive through the adapter
	}

	@Override
	public void onDisconnect(ClientHead client) {
	}

	@Override
	public void shutdown() {
		// the adapter's lifecycle belongs to the server
	}

	@Override
	public String toString() {
		return "AdapterStoreFactory (" + this.adapter.state() + ")";
	}

	/**
	 * Publishes netty-socketio's DISPATCH messages through the adapter and ignores the rest.
	 */
	private final class AdapterPubSubStore implements PubSubStore {

		@Override
		public void publish(PubSubType type, PubSubMessage message) {
			if (type != PubSubType.DISPATCH || !(message instanceof DispatchMessage dispatch)) {
				return;
			}
			Packet packet = dispatch.getPacket();
			if (packet == null || packet.getSubType() != PacketType.EVENT || packet.getName() == null) {
				return;
			}
			String namespace = Namespace.DEFAULT_NAME.equals(dispatch.getNamespace()) ? "/" : dispatch.getNamespace();
			boolean everyone = dispatch.getRoom() == null || dispatch.getRoom().equals(dispatch.getNamespace());
			IoTarget target = new IoTarget(namespace, everyone ? Set.of() : Set.of(dispatch.getRoom()), Set.of());
			List<Object> args = (packet.getData() instanceof List<?> list) ? new ArrayList<>(list) : List.of();
			AdapterStoreFactory.this.adapter.broadcast(target, packet.getName(), args);
		}

		@Override
		public <T extends PubSubMessage> void subscribe(PubSubType type, PubSubListener<T> listener, Class<T> clazz) {
		}

		@Override
		public void unsubscribe(PubSubType type) {
		}

		@Override
		public void shutdown() {
		}

	}

}
