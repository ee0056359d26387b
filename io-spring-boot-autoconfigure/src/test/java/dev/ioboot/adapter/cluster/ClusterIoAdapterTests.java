package dev.ioboot.adapter.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.ioboot.adapter.IoEmitFlags;
import dev.ioboot.adapter.IoNode;
import dev.ioboot.adapter.IoSocketDetails;
import dev.ioboot.adapter.IoTarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ClusterIoAdapter}'s request tracking, over a transport that hands each
 * message to the other adapters in the same JVM (every message goes through
 * {@link ClusterCodec} both ways, as on a real transport).
 */
class ClusterIoAdapterTests {

	private final List<LoopbackAdapter> cluster = new CopyOnWriteArrayList<>();

	@Test
	void serverSideEmitWithAckCollectsOneAnswerPerOtherNode() throws Exception {
		LoopbackAdapter a = join("a", 3);
		join("b", 3);
		join("c", 3);
		List<Object> answers = a.serverSideEmitWithAck("/", "ping", List.of(1)).get(5, TimeUnit.SECONDS);
		assertThat(answers).containsExactlyInAnyOrder("b:ping:[1]", "c:ping:[1]");
	}

	@Test
	void aNodeThatLeftIsNoLongerWaitedFor() throws Exception {
		LoopbackAdapter a = join("a", 3);
		join("b", 3);
		// a third node is counted but never answers; a heartbeat-based transport then finds out
		// that it left
		CompletableFuture<List<Object>> answers = a.serverSideEmitWithAck("/", "ping", List.of());
		assertThat(answers).isNotDone();
		a.nodeLeft("/", "0000000000000000");
		assertThat(answers.get(5, TimeUnit.SECONDS)).containsExactly("b:ping:[]");
	}

	@Test
	void aRequestTimesOutWithWhatArrived() {
		LoopbackAdapter a = join("a", 3);
		join("b", 3);
		assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
			.isThrownBy(() -> a.serverSideEmitWithAck("/", "ping", List.of()).get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(TimeoutException.class)
			.withMessageContaining("1 of 2 nodes answered");
	}

	@Test
	void malformedMessagesAreDropped() throws Exception {
		LoopbackAdapter a = join("a", 2);
		LoopbackAdapter b = join("b", 2);
		b.onMessage("{\"type\":3,\"nsp\":\"/\",\"uid\":\"x\",\"data\":{\"packet\":5}}".getBytes(), null);
		b.onMessage(new byte[] { (byte) 0xc1 }, null);
		a.broadcast(IoTarget.all("/"), "news", List.of("after"));
		assertThat(((RecordingNode) b.node()).delivered).containsExactly("news:[after]");
	}

	private LoopbackAdapter join(String name, int serverCount) {
		LoopbackAdapter adapter = new LoopbackAdapter(serverCount);
		this.cluster.add(adapter);
		adapter.start(new RecordingNode(name));
		return adapter;
	}

	private final class LoopbackAdapter extends ClusterIoAdapter {

		private final int serverCount;

		LoopbackAdapter(int serverCount) {
			super(new ObjectMapper(), Duration.ofMillis(500));
			this.serverCount = serverCount;
		}

		@Override
		protected void subscribe(String namespace, String uid) {
		}

		@Override
		protected CompletableFuture<String> publish(ClusterMessage message) {
			byte[] payload = codec().encode(message);
			for (LoopbackAdapter other : ClusterIoAdapterTests.this.cluster) {
				other.onMessage(payload, null);
			}
			return CompletableFuture.completedFuture("");
		}

		@Override
		protected CompletableFuture<Void> publishResponse(String requesterUid, ClusterMessage response) {
			byte[] payload = codec().encodeMsgpack(response);
			for (LoopbackAdapter other : ClusterIoAdapterTests.this.cluster) {
				if (requesterUid.equals(other.uid(response.namespace()))) {
					other.onMessage(payload, null);
				}
			}
			return CompletableFuture.completedFuture(null);
		}

		@Override
		protected CompletableFuture<Integer> serverCount(String namespace) {
			return CompletableFuture.completedFuture(this.serverCount);
		}

	}

	/**
	 * A node without sockets that records what it is asked to do and answers server-side
	 * events with its name.
	 */
	private static final class RecordingNode implements IoNode {

		private final String name;

		final List<String> delivered = new ArrayList<>();

		RecordingNode(String name) {
			this.name = name;
		}

		@Override
		public Set<String> namespaces() {
			return Set.of("/");
		}

		@Override
		public boolean hasRoom(String namespace, String room) {
			return false;
		}

		@Override
		public int deliver(IoTarget target, String event, List<Object> args, IoEmitFlags flags) {
			this.delivered.add(event + ":" + args);
			return 0;
		}

		@Override
		public int deliverWithAck(IoTarget target, String event, List<Object> args, IoEmitFlags flags,
				Consumer<Object> ack) {
			return 0;
		}

		@Override
		public void join(IoTarget target, Set<String> rooms) {
		}

		@Override
		public void leave(IoTarget target, Set<String> rooms) {
		}

		@Override
		public void disconnect(IoTarget target, boolean close) {
		}

		@Override
		public List<IoSocketDetails> fetch(IoTarget target) {
			return List.of();
		}

		@Override
		public void serverSideEvent(String namespace, String event, List<Object> args, Consumer<Object> ack) {
			if (ack != null) {
				ack.accept(this.name + ":" + event + ":" + args);
			}
		}

	}

}
