package dev.ioboot.server.engine;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static dev.ioboot.testsupport.TestClients.TIMEOUT;

/**
 * A websocket client on a plain TCP socket, so that a test sees each frame as it travels:
 * its RSV1 bit (compressed with permessage-deflate) and its length on the wire. It inflates
 * compressed messages itself; it never compresses what it sends.
 */
final class RawWebSocket implements AutoCloseable {

	private final Socket socket;

	private final DataInputStream in;

	private final String statusLine;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private RawWebSocket(int port, String extensions) throws IOException {
		this.socket = new Socket("127.0.0.1", port);
		this.socket.setSoTimeout((int) (TIMEOUT * 1000));
		StringBuilder request = new StringBuilder("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n")
			.append("Host: 127.0.0.1:")
			.append(port)
			.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
			.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
		if (extensions != null) {
			request.append("Sec-WebSocket-Extensions: ").append(extensions).append("\r\n");
		}
		OutputStream out = this.socket.getOutputStream();
		out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
		out.flush();
		this.in = new DataInputStream(this.socket.getInputStream());
		this.statusLine = readLine();
		for (String line = readLine(); !line.isEmpty(); line = readLine()) {
			int colon = line.indexOf(':');
			this.headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
	}

	/**
	 * Open a websocket, offering the given extensions.
	 * @param port the server port
	 * @param extensions the {@code Sec-WebSocket-Extensions} offer, or {@code null}
	 * @return the connected client, its handshake response read
	 * @throws IOException if the connection fails
	 */
	static RawWebSocket open(int port, String extensions) throws IOException {
		return new RawWebSocket(port, extensions);
	}

	String statusLine() {
		return this.statusLine;
	}

	/**
	 * Return a header of the handshake response.
	 * @param name the name, in lower case
	 * @return the value, or {@code null}
	 */
	String header(String name) {
		return this.headers.get(name);
	}

	/**
	 * Read the next frame.
	 * @return the frame
	 * @throws IOException if none arrives in time
	 */
	Frame next() throws IOException {
		int first = this.in.readUnsignedByte();
		int second = this.in.readUnsignedByte();
		long length = second & 0x7F;
		int headerLength = 2;
		if (length == 126) {
			length = this.in.readUnsignedShort();
			headerLength += 2;
		}
		else if (length == 127) {
			length = this.in.readLong();
			headerLength += 8;
		}
		byte[] payload = new byte[Math.toIntExact(length)];
		this.in.readFully(payload);
		return new Frame((first & 0x40) != 0, first & 0x0F, payload, headerLength + payload.length);
	}

	/**
	 * Send a masked text frame, deflated as permessage-deflate sends it when asked.
	 * @param text the message
	 * @param compress whether to deflate it and set RSV1
	 * @throws IOException if the write fails
	 */
	void sendText(String text, boolean compress) throws IOException {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		if (compress) {
			Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
			deflater.setInput(payload);
			byte[] buffer = new byte[payload.length + 64];
			int length = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
			deflater.end();
			// RFC 7692: without the empty block's tail 00 00 FF FF
			payload = Arrays.copyOf(buffer, length - 4);
		}
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x80 | (compress ? 0x40 : 0) | 0x1);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else {
			frame.write(0x80 | 126);
			frame.write(payload.length >> 8);
			frame.write(payload.length & 0xFF);
		}
		byte[] mask = { 1, 2, 3, 4 };
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		this.socket.getOutputStream().write(frame.toByteArray());
		this.socket.getOutputStream().flush();
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b < 0) {
				throw new IOException("Connection closed in the handshake response");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * One frame as received.
	 *
	 * @param compressed whether RSV1 is set: the message is deflated
	 * @param opcode the opcode, 1 for text
	 * @param payload the payload as received
	 * @param wireLength the frame's length on the wire, header included
	 */
	record Frame(boolean compressed, int opcode, byte[] payload, int wireLength) {

		/**
		 * Return the message as text, inflated if compressed.
		 * @return the text
		 */
		String text() {
			return new String(compressed() ? inflate(payload()) : payload(), StandardCharsets.UTF_8);
		}

		private static byte[] inflate(byte[] deflated) {
			// RFC 7692: the sender removed the empty block's tail 00 00 FF FF; put it back
			Inflater inflater = new Inflater(true);
			byte[] input = new byte[deflated.length + 4];
			System.arraycopy(deflated, 0, input, 0, deflated.length);
			input[deflated.length + 2] = (byte) 0xFF;
			input[deflated.length + 3] = (byte) 0xFF;
			inflater.setInput(input);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			try {
				while (!inflater.needsInput()) {
					int n = inflater.inflate(buffer);
					if (n == 0 && inflater.needsInput()) {
						break;
					}
					out.write(buffer, 0, n);
				}
			}
			catch (DataFormatException ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				inflater.end();
			}
			return out.toByteArray();
		}

	}

}
