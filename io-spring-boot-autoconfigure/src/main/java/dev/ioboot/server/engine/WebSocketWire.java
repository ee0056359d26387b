package dev.ioboot.server.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * The packets of one broadcast as they travel on a websocket: WebSocket frames (final, not
 * masked, not compressed), encoded once into one pooled direct buffer. Every websocket recipient
 * writes a duplicate of it, so nothing is encoded or copied per recipient.
 *
 * <p>A recipient whose channel belongs to the calling thread's event loop is written at once.
 * The others are written when the wire is closed, by one task per event loop for all of that
 * loop's recipients: a broadcast from another thread (a handler, the Redis listener) wakes each
 * event loop once, not once per recipient. A wire writes to each channel at most once. Closing
 * releases the buffer once the writes have taken their own references.
 */
public final class WebSocketWire implements AutoCloseable {

	private static final int FIN = 0x80;

	private static final int TEXT = 0x1;

	private static final int BINARY = 0x2;

	private final ByteBuf buffer;

	/** The recipients on other threads' event loops, by loop, written at close. */
	private List<LoopWrites> deferred;

	private WebSocketWire(ByteBuf buffer) {
		this.buffer = buffer;
	}

	/**
	 * Encode packets as WebSocket frames.
	 * @param frames the packets, in order
	 * @return the encoded frames
	 */
	public static WebSocketWire encode(List<EngineFrame> frames) {
		int size = 0;
		for (EngineFrame frame : frames) {
			int length = payload(frame).length;
			size += headerLength(length) + length;
		}
		ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(size, size);
		for (EngineFrame frame : frames) {
			byte[] payload = payload(frame);
			writeHeader(buffer, frame.isBinary() ? BINARY : TEXT, payload.length);
			buffer.writeBytes(payload);
		}
		return new WebSocketWire(buffer);
	}

	/**
	 * Write the frames to a websocket channel and flush: now on the channel's own event loop,
	 * else when this wire is closed.
	 * @param channel the channel
	 */
	void writeTo(Channel channel) {
		EventLoop loop = channel.eventLoop();
		if (loop.inEventLoop()) {
			channel.writeAndFlush(this.buffer.retainedDuplicate(), channel.voidPromise());
			return;
		}
		if (this.deferred == null) {
			this.deferred = new ArrayList<>(4);
		}
		for (LoopWrites writes : this.deferred) {
			if (writes.loop == loop) {
				writes.channels.add(channel);
				return;
			}
		}
		LoopWrites writes = new LoopWrites(loop);
		writes.channels.add(channel);
		this.deferred.add(writes);
	}

	/**
	 * Return the encoded frames, for tests.
	 * @return a duplicate of the buffer, not retained
	 */
	ByteBuf bytes() {
		return this.buffer.duplicate();
	}

	@Override
	public void close() {
		if (this.deferred != null) {
			for (LoopWrites writes : this.deferred) {
				writes.submit(this.buffer);
			}
			this.deferred = null;
		}
		this.buffer.release();
	}

	private static byte[] payload(EngineFrame frame) {
		return frame.isBinary() ? frame.binary() : frame.utf8();
	}

	private static int headerLength(int length) {
		return (length < 126) ? 2 : (length <= 0xFFFF) ? 4 : 10;
	}

	private static void writeHeader(ByteBuf out, int opcode, int length) {
		out.writeByte(FIN | opcode);
		if (length < 126) {
			out.writeByte(length);
		}
		else if (length <= 0xFFFF) {
			out.writeByte(126);
			out.writeShort(length);
		}
		else {
			out.writeByte(127);
			out.writeLong(length);
		}
	}

	/**
	 * The recipients of one event loop, written by one task on it.
	 */
	private static final class LoopWrites {

		private final EventLoop loop;

		private final List<Channel> channels = new ArrayList<>();

		LoopWrites(EventLoop loop) {
			this.loop = loop;
		}

		void submit(ByteBuf buffer) {
			buffer.retain();
			try {
				this.loop.execute(() -> {
					try {
						for (Channel channel : this.channels) {
							channel.writeAndFlush(buffer.retainedDuplicate(), channel.voidPromise());
						}
					}
					finally {
						buffer.release();
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// the loop is shutting down, and its channels with it
				buffer.release();
			}
		}

	}

}
