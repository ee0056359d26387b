package dev.ioboot.benchmarks.driver;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Engine.IO v4 / Socket.IO v5 text packets over a WebSocket, the way {@code socket.io-client}
 * 4.x writes and reads them: open {@code 0}, ping {@code 2} answered by pong {@code 3},
 * CONNECT {@code 40}, EVENT {@code 42[id]}, ACK {@code 43id}, CONNECT_ERROR {@code 44},
 * DISCONNECT {@code 41}. The events a client reads are {@code tick} and {@code chat}.
 */
final class SocketIoProtocol implements WireProtocol {

	private static final byte[] TICK = "42[\"tick\",".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CHAT = "42[\"chat\",".getBytes(StandardCharsets.US_ASCII);

	@Override
	public String path() {
		return "/socket.io/?EIO=4&transport=websocket";
	}

	@Override
	public boolean connectedOnOpen() {
		return false;
	}

	@Override
	public void writeRequest(ByteBuf out, int id, String event, byte[]... args) {
		out.writeByte('4').writeByte('2');
		Frames.writeAscii(out, Integer.toString(id));
		Frames.writeEventArray(out, event, args);
	}

	@Override
	public void writeEvent(ByteBuf out, String event, byte[]... args) {
		out.writeByte('4').writeByte('2');
		Frames.writeEventArray(out, event, args);
	}

	@Override
	public void read(ByteBuf frame, BenchClient client) {
		int start = frame.readerIndex();
		int end = frame.writerIndex();
		if (end == start) {
			client.onUnexpected("empty frame");
			return;
		}
		byte engineType = frame.getByte(start);
		switch (engineType) {
			case '0' -> client.onOpen();
			case '2' -> client.onPing();
			case '1' -> client.onServerClose("engine.io close");
			case '4' -> readSocketIo(frame, start + 1, end, client);
			default -> client.onUnexpected("engine.io packet type " + (char) engineType);
		}
	}

	private void readSocketIo(ByteBuf frame, int index, int end, BenchClient client) {
		if (index == end) {
			client.onUnexpected("empty socket.io packet");
			return;
		}
		byte type = frame.getByte(index);
		switch (type) {
			case '0' -> client.onConnected();
			case '1' -> client.onServerClose("io server disconnect");
			case '3' -> {
				long id = Frames.readNumber(frame, index + 1, end);
				int bodyStart = Frames.digitsEnd(frame, index + 1, end);
				// the acknowledgement arguments: between the array's brackets
				client.onAck((int) id, frame.slice(bodyStart + 1, Math.max(0, end - bodyStart - 2)));
			}
			case '2' -> {
				if (Frames.startsWith(frame, index - 1, end, TICK)) {
					client.onTick(Frames.timeOf(frame, index, end));
				}
				else if (Frames.startsWith(frame, index - 1, end, CHAT)) {
					client.onChat(Frames.idOf(frame, index, end), Frames.timeOf(frame, index, end));
				}
				else {
					client.onUnexpected("event");
				}
			}
			case '4' -> client.onConnectError(frame.toString(index + 1, end - index - 1, StandardCharsets.UTF_8));
			default -> client.onUnexpected("socket.io packet type " + (char) type);
		}
	}

}
