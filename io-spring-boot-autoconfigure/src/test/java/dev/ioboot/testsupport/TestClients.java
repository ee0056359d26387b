package dev.ioboot.testsupport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.IO;
import io.socket.client.Socket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java {@code io.socket:socket.io-client} sockets for tests: created without reconnection,
 * awaited until connected, all closed by {@link #closeAll()}. Every wait is bounded.
 */
public final class TestClients {

	/** Seconds any single wait may take. */
	public static final long TIMEOUT = 10;

	private final List<Socket> sockets = new ArrayList<>();

	/**
	 * Create a socket, not yet connected, so that listeners can be added first.
	 * @param port the server port
	 * @param transport {@code websocket} or {@code polling}
	 * @param namespace the namespace, such as {@code /}
	 * @param auth the CONNECT payload, or {@code null}
	 * @return the socket
	 */
	public Socket socket(int port, String transport, String namespace, Map<String, String> auth) {
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { transport })
			.setReconnection(false)
			.setForceNew(true)
			.setAuth(auth)
			.build();
		Socket socket = IO.socket(URI.create("http://127.0.0.1:" + port + namespace), options);
		this.sockets.add(socket);
		return socket;
	}

	/**
	 * Create a socket and wait until it is connected.
	 * @param port the server port
	 * @param transport {@code websocket} or {@code polling}
	 * @param namespace the namespace
	 * @param auth the CONNECT payload, or {@code null}
	 * @return the connected socket
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Socket connect(int port, String transport, String namespace, Map<String, String> auth)
			throws InterruptedException {
		Socket socket = socket(port, transport, namespace, auth);
		awaitConnect(socket);
		return socket;
	}

	/**
	 * Close every socket created here.
	 */
	public void closeAll() {
		this.sockets.forEach(Socket::close);
		this.sockets.clear();
	}

	/**
	 * Connect a socket and assert that the server accepted it.
	 * @param socket the socket
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static void awaitConnect(Socket socket) throws InterruptedException {
		BlockingQueue<Object> connected = new LinkedBlockingQueue<>();
		socket.once(Socket.EVENT_CONNECT, (args) -> connected.add("connected"));
		socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> connected.add(String.valueOf(args[0])));
		socket.connect();
		assertThat(connected.poll(TIMEOUT, TimeUnit.SECONDS)).isEqualTo("connected");
	}

	/**
	 * Emit an event and wait for its acknowledgement.
	 * @param socket the socket
	 * @param event the event
	 * @param args the arguments
	 * @return the acknowledgement arguments
	 * @throws Exception if none arrives in time
	 */
	public static Object[] ack(Socket socket, String event, Object... args) throws Exception {
		CompletableFuture<Object[]> ack = new CompletableFuture<>();
		socket.emit(event, args, ack::complete);
		return ack.get(TIMEOUT, TimeUnit.SECONDS);
	}

	/**
	 * Record an event's first argument on several sockets, as {@code <socket id>:<argument>}.
	 * @param event the event
	 * @param sockets the sockets
	 * @return what they receive, in arrival order
	 */
	public static BlockingQueue<String> listen(String event, Socket... sockets) {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		for (Socket socket : sockets) {
			socket.on(event, (args) -> received.add(socket.id() + ":" + args[0]));
		}
		return received;
	}

	/**
	 * Take a number of items from a queue, failing if one does not arrive in time.
	 * @param queue the queue
	 * @param count how many
	 * @return the items, in arrival order
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static List<String> drain(BlockingQueue<String> queue, int count) throws InterruptedException {
		List<String> items = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String item = queue.poll(TIMEOUT, TimeUnit.SECONDS);
			assertThat(item).as("message " + (i + 1) + " of " + count + " after " + items).isNotNull();
			items.add(item);
		}
		return items;
	}

}
