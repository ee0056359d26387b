package dev.ioboot.benchmarks.driver;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * The raw Netty server's framing: JSON arrays on a WebSocket, no Engine.IO or Socket.IO layer.
 * A request is {@code [id,"event",args...]}, its answer {@code [id,result]}; an event without
 * answer has id 0; a tick arrives as {@code ["tick",{...}]}.
 */
final class RawProtocol implements WireProtocol {

	private static final byte[] TICK = "[\"tick\",".getBytes(StandardCharsets.US_ASCII);

	@Override
	public String path() {
		return "/raw";
	}

	@Override
	public boolean connectedOnOpen() {
		return true;
	}

	@Override
	public void writeRequest(ByteBuf out, int id, String event, byte[]... args) {
		out.writeByte('[');
		Frames.writeAscii(out, Integer.toString(id));
		out.writeByte(',').writeByte('"');
		Frames.writeAscii(out, event);
		out.writeByte('"');
		for (byte[] arg : args) {
			out.writeByte(',').writeBytes(arg);
		}
		out.writeByte(']');
	}

	@Override
	public void writeEvent(ByteBuf out, String event, byte[]... args) {
		writeRequest(out, 0, event, args);
	}

	@Override
	public void read(ByteBuf frame, BenchClient client) {
		int start = frame.readerIndex();
		int end = frame.writerIndex();
		if (Frames.startsWith(frame, start, end, TICK)) {
			client.onTick(Frames.timeOf(frame, start, end));
			return;
		}
		long id = Frames.readNumber(frame, start + 1, end);
		int idEnd = Frames.digitsEnd(frame, start + 1, end);
		if (id < 0 || idEnd >= end || frame.getByte(idEnd) != ',') {
			client.onUnexpected(frame.toString(StandardCharsets.UTF_8));
			return;
		}
		client.onAck((int) id, frame.slice(idEnd + 1, Math.max(0, end - idEnd - 2)));
	}

}
