package dev.ioboot.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.springframework.util.FileSystemUtils;

/**
 * A local Redis Cluster of three masters and three replicas, each a {@code redis-server}
 * process in a temporary directory, created with {@code redis-cli --cluster create}. Tests need
 * only {@code redis-server} and {@code redis-cli} on the {@code PATH}.
 */
public final class RedisClusterProcesses implements AutoCloseable {

	private static final int NODES = 6;

	/**
	 * The distance from a node's port to its cluster bus port. Redis's default (10000) puts
	 * bus ports in the ephemeral range, where outgoing connections may hold them.
	 */
	private static final int BUS_OFFSET = 5000;

	private final Path dir;

	private final Map<Integer, Process> processes = new LinkedHashMap<>();

	private RedisClusterProcesses(Path dir) {
		this.dir = dir;
	}

	/**
	 * Return whether {@code redis-server} and {@code redis-cli} can be run.
	 * @return whether they are installed
	 */
	public static boolean isAvailable() {
		try {
			return run(List.of("redis-server", "--version"), 10) && run(List.of("redis-cli", "--version"), 10);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static RedisClusterProcesses shared;

	/**
	 * Return a cluster shared by the test classes of this JVM, started on first use and
	 * stopped when the JVM exits. Tests must not kill its nodes.
	 * @return the cluster
	 * @throws IOException if it cannot be started
	 */
	public static synchronized RedisClusterProcesses shared() throws IOException {
		if (shared == null) {
			shared = start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "redis-cluster-stop"));
		}
		return shared;
	}

	/**
	 * Start a cluster on free ports and wait until it serves every slot.
	 * @return the cluster
	 * @throws IOException if it cannot be started
	 */
	public static RedisClusterProcesses start() throws IOException {
		RedisClusterProcesses cluster = new RedisClusterProcesses(Files.createTempDirectory("io-redis-cluster"));
		try {
			int base = freeBase();
			for (int i = 0; i < NODES; i++) {
				cluster.startNode(base + i);
			}
			for (int port : cluster.ports()) {
				cluster.awaitPing(port);
			}
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			cluster.ports().forEach((port) -> create.add("127.0.0.1:" + port));
			create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
			if (!run(create, 60)) {
				throw new IOException("redis-cli --cluster create failed");
			}
			cluster.awaitHealthy(Duration.ofSeconds(30));
			return cluster;
		}
		catch (IOException | RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * Return the nodes as {@code spring.data.redis.cluster.nodes} takes them.
	 * @return {@code 127.0.0.1:port} entries separated by commas
	 */
	public String nodes() {
		return ports().stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	/**
	 * Return the ports of the nodes still running.
	 * @return the ports
	 */
	public List<Integer> ports() {
		return new ArrayList<>(this.processes.keySet());
	}

	/**
	 * Return the port of the master serving a key's (or channel's) slot.
	 * @param key the key
	 * @return the master's port
	 * @throws IOException if no node answers
	 */
	public int masterOf(String key) throws IOException {
		for (int port : ports()) {
			try {
				String slot = command(port, "CLUSTER", "KEYSLOT", key).trim();
				for (String line : command(port, "CLUSTER", "NODES").split("\n")) {
					String[] fields = line.split(" ");
					if (fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail")
							&& servesSlot(fields, Integer.parseInt(slot.replaceAll("\\D", "")))) {
						String address = fields[1].substring(0, fields[1].indexOf('@'));
						return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
					}
				}
			}
			catch (IOException ex) {
				// try the next node
			}
		}
		throw new IOException("No node knows the master of " + key);
	}

	/**
	 * Return a key (an arbitrary one) served by the master that has a classic subscriber to a
	 * channel, so that failing that master over cuts a subscription; the channel itself when
	 * no master has one.
	 * @param channel the channel
	 * @return the key
	 * @throws IOException if no node answers
	 */
	public String keyOfMasterSubscribedTo(String channel) throws IOException {
		for (int attempt = 0; attempt < 50; attempt++) {
			String key = "probe-" + attempt;
			if (subscribers(masterOf(key), channel) > 0) {
				return key;
			}
		}
		return channel;
	}

	/**
	 * Return the number of classic subscribers of a channel on one node.
	 * @param port the node's port
	 * @param channel the channel
	 * @return the count
	 * @throws IOException if the node does not answer
	 */
	public static int subscribers(int port, String channel) throws IOException {
		String reply = command(port, "PUBSUB", "NUMSUB", channel).trim();
		return Integer.parseInt(reply.substring(reply.lastIndexOf('\n') + 1));
	}

	private static boolean servesSlot(String[] fields, int slot) {
		for (int i = 8; i < fields.length; i++) {
			String range = fields[i].trim();
			if (range.startsWith("[")) {
				continue;
			}
			String[] bounds = range.split("-");
			int from = Integer.parseInt(bounds[0]);
			int to = (bounds.length > 1) ? Integer.parseInt(bounds[1]) : from;
			if (slot >= from && slot <= to) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Kill a node with SIGKILL, as a crash would.
	 * @param port the node's port
	 * @throws InterruptedException if interrupted while waiting for it to die
	 */
	public void kill(int port) throws InterruptedException {
		Process process = this.processes.remove(port);
		if (process != null) {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * Kill the master serving a key's slot with SIGKILL and wait until its replica took
	 * over and every surviving node reports {@code cluster_state:ok}.
	 * @param key the key (or channel)
	 * @param timeout how long to wait for the failover
	 * @return the port of the killed master
	 * @throws IOException if no replica took over in time
	 * @throws InterruptedException if interrupted
	 */
	public int failOver(String key, Duration timeout) throws IOException, InterruptedException {
		int master = masterOf(key);
		kill(master);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try {
				if (masterOf(key) != master) {
					awaitHealthy(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
					return master;
				}
			}
			catch (IOException ex) {
				// no master known yet
			}
			if (System.nanoTime() > deadline) {
				throw new IOException("No replica took over from " + master + " within " + timeout);
			}
			sleep(100);
		}
	}

	/**
	 * Wait until the surviving nodes report {@code cluster_state:ok} and their replicas are
	 * in sync with their masters.
	 * @param timeout how long to wait
	 * @throws IOException if the cluster does not recover in time
	 */
	public void awaitHealthy(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			boolean healthy = true;
			for (int port : ports()) {
				try {
					String info = command(port, "CLUSTER", "INFO");
					healthy &= info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384");
					String replication = command(port, "INFO", "replication");
					healthy &= replication.contains("role:master") || replication.contains("master_link_status:up");
				}
				catch (IOException ex) {
					healthy = false;
				}
			}
			if (healthy) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IOException("Redis Cluster not healthy after " + timeout);
			}
			sleep(100);
		}
	}

	/**
	 * Send one command to a node and return its reply as text (bulk strings and integers;
	 * arrays flattened, one element a line).
	 * @param port the node's port
	 * @param args the command
	 * @return the reply
	 * @throws IOException if the node does not answer
	 */
	public static String command(int port, String... args) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(5000);
			StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
			for (String arg : args) {
				request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg)
					.append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			StringBuilder reply = new StringBuilder();
			readReply(socket.getInputStream(), reply);
			return reply.toString();
		}
	}

	private static void readReply(InputStream in, StringBuilder reply) throws IOException {
		String line = readLine(in);
		switch (line.charAt(0)) {
			case '+', ':' -> reply.append(line.substring(1)).append('\n');
			case '-' -> throw new IOException(line.substring(1));
			case '$' -> {
				int length = Integer.parseInt(line.substring(1));
				if (length >= 0) {
					reply.append(new String(in.readNBytes(length), StandardCharsets.UTF_8)).append('\n');
					readLine(in);
				}
			}
			case '*' -> {
				int count = Integer.parseInt(line.substring(1));
				for (int i = 0; i < count; i++) {
					readReply(in, reply);
				}
			}
			default -> throw new IOException("Unexpected reply " + line);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != '\r') {
			if (c < 0) {
				throw new IOException("Connection closed");
			}
			line.append((char) c);
		}
		in.read();
		return line.toString();
	}

	@Override
	public void close() {
		for (Process process : this.processes.values()) {
			process.destroyForcibly();
		}
		for (Process process : this.processes.values()) {
			try {
				process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.processes.clear();
		FileSystemUtils.deleteRecursively(this.dir.toFile());
	}

	private void startNode(int port) throws IOException {
		Path nodeDir = Files.createDirectories(this.dir.resolve(String.valueOf(port)));
		Process process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
				"--cluster-enabled", "yes", "--cluster-port", String.valueOf(port + BUS_OFFSET),
				"--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
				"--cluster-replica-validity-factor", "0", "--repl-diskless-sync-delay", "0",
				"--save", "", "--appendonly", "no", "--dir", nodeDir.toString())
			.redirectErrorStream(true)
			.redirectOutput(nodeDir.resolve("redis.log").toFile())
			.start();
		this.processes.put(port, process);
	}

	private void awaitPing(int port) throws IOException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			try {
				command(port, "PING");
				return;
			}
			catch (IOException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				sleep(50);
			}
		}
	}

	/**
	 * Find six consecutive ports that are free, and whose cluster bus ports are free too, all
	 * below the ephemeral range.
	 */
	private static int freeBase() throws IOException {
		for (int attempt = 0; attempt < 50; attempt++) {
			int base = ThreadLocalRandom.current().nextInt(21000, 27000);
			boolean free = true;
			for (int i = 0; i < NODES && free; i++) {
				free = isFree(base + i) && isFree(base + i + BUS_OFFSET);
			}
			if (free) {
				return base;
			}
		}
		throw new IOException("No free ports for a Redis Cluster");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean run(List<String> command, int seconds) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			return process.waitFor(seconds, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
