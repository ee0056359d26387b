package dev.ioboot.benchmarks.server;

import java.io.PrintStream;
import java.util.Map;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;

/**
 * Benchmark server: bare netty-socketio 2.0.14 ({@link SocketIOServer}, no starter, no Spring), with
 * the same handlers as the Node {@code socket.io} reference ({@code benchmarks/node/server.mjs}) and
 * the io-spring-boot benchmark application.
 *
 * <pre>
 * java -cp ... dev.ioboot.benchmarks.server.NettySocketIoServer --port=N
 * </pre>
 *
 * Contract (default namespace "/"):
 * <ul>
 * <li>{@code echo (payload, ack)}: acks with the payload;</li>
 * <li>{@code join (room, ack)}: joins the room, acks with {@code true};</li>
 * <li>{@code fanout ({room, t, payload})}: emits {@code tick} with the same object to every socket in
 * the room;</li>
 * <li>{@code chat ({room, ...}, ack)}: emits {@code chat} with the same object to the rest of the room
 * (not the sender), acks with {@code true};</li>
 * <li>{@code gc (ack)}: {@link System#gc()}, acks with {@code true}.</li>
 * </ul>
 * Settings: 0.0.0.0, path {@code /socket.io}, ping interval 25 s, ping timeout 20 s, 1,000,000 bytes
 * max payload, no compression, websocket and polling, Netty's default thread counts. Prints
 * {@code READY <port>} on stdout once listening (logging goes to stderr); a shutdown hook stops the
 * server on SIGTERM.
 */
public final class NettySocketIoServer {

	private NettySocketIoServer() {
	}

	public static void main(String[] args) {
		PrintStream stdout = readyLineOnly();
		int port = port(args);

		Configuration config = new Configuration();
		config.setHostname("0.0.0.0");
		config.setPort(port);
		config.setContext("/socket.io");
		config.setTransports(Transport.WEBSOCKET, Transport.POLLING);
		config.setPingInterval(25_000);
		config.setPingTimeout(20_000);
		config.setMaxFramePayloadLength(1_000_000);
		config.setMaxHttpContentLength(1_000_000);
		config.setWebsocketCompression(false);
		config.setHttpCompression(false);
		config.setRandomSession(true);
		config.setBossThreads(0);
		config.setWorkerThreads(0);

		SocketIOServer server = new SocketIOServer(config);
		server.addEventListener("echo", Object.class, (client, payload, ack) -> ack.sendAckData(payload));
		server.addEventListener("join", String.class, (client, room, ack) -> {
			client.joinRoom(room);
			ack.sendAckData(true);
		});
		server.addEventListener("fanout", Map.class, (client, obj, ack) -> {
			if (obj != null && obj.get("room") instanceof String room) {
				server.getRoomOperations(room).sendEvent("tick", obj);
			}
		});
		server.addEventListener("chat", Map.class, (client, obj, ack) -> {
			if (obj != null && obj.get("room") instanceof String room) {
				server.getRoomOperations(room).sendEvent("chat", client, obj);
			}
			ack.sendAckData(true);
		});
		server.addEventListener("gc", Object.class, (client, ignored, ack) -> {
			System.gc();
			ack.sendAckData(true);
		});

		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "socketio-shutdown"));
		try {
			server.start();
		}
		catch (Exception ex) { // e.g. the port is taken: the event loop threads would keep the JVM up
			System.err.println("cannot listen on " + port + ": " + ex);
			System.exit(1);
		}
		stdout.println("READY " + port);
	}

	/**
	 * Keeps standard output for the {@code READY} line: from here on {@code System.out}, and so any
	 * logging to the console, goes to standard error.
	 * @return the original standard output
	 */
	static PrintStream readyLineOnly() {
		PrintStream stdout = System.out;
		System.setOut(System.err);
		return stdout;
	}

	static int port(String[] args) {
		for (String arg : args) {
			if (arg.startsWith("--port=")) {
				return Integer.parseInt(arg.substring("--port=".length()));
			}
		}
		throw new IllegalArgumentException("usage: NettySocketIoServer --port=N");
	}

}
