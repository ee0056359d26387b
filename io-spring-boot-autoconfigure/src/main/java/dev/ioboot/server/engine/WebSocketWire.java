package dev.ioboot.server.engine;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;

/**
 * The packets of one broadcast as they travel on a websocket: WebSocket frames (final, not
 * masked, not compressed), encoded once into one pooled direct buffer. Every websocket recipient
 * writes a duplicate of it, so nothing is encoded or copied per recipient. Closing releases the
 * buffer once the writes have taken their own references.
 */
public final class WebSocketWire implements AutoCloseable {

	private static final int FIN = 0x80;

	private static final int TEXT = 0x1;

	private static final int BINARY = 0x2;

	private final ByteBuf buffer;

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
	 * Write the frames to a websocket channel and flush.
	 * @param channel the channel
	 */
	void writeTo(Channel channel) {
		channel.writeAndFlush(this.buffer.retainedDuplicate(), channel.voidPromise());
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

}
