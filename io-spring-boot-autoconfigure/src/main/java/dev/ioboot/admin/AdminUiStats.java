package dev.ioboot.admin;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.SmartLifecycle;

import dev.ioboot.Io;
import dev.ioboot.server.IoServer;
import dev.ioboot.server.IoServerLifecycle;
import dev.ioboot.server.IoServerListener;

/**
 * Sends the Admin UI the {@code server_stats} of this node every
 * {@link #INTERVAL 2 seconds} while the server runs: its id, host, process, uptime, Engine.IO
 * clients (polling ones apart), the sockets of each namespace, and the connections,
 * disconnections, messages and bytes in and out of the last seconds
 * ({@code aggregatedEvents}).
 */
public final class AdminUiStats implements IoServerListener, SmartLifecycle {

	/** How often the stats are sent, as {@code @socket.io/admin-ui} does. */
	public static final Duration INTERVAL = Duration.ofSeconds(2);

	private final IoServer server;

	private final IoAdminUi adminUi;

	private final String hostname = hostname();

	private final long pid = ProcessHandle.current().pid();

	/** The clients whose transport is polling. */
	private final Set<String> pollingClients = ConcurrentHashMap.newKeySet();

	/** Counts by second, type and sub-type, since the last stats. */
	private final Map<String, Map<String, Object>> events = new LinkedHashMap<>();

	private volatile ScheduledExecutorService timer;

	/**
	 * Create the stats of a server.
	 * @param server the server
	 * @param adminUi the instrumentation the stats are sent through
	 */
	public AdminUiStats(IoServer server, IoAdminUi adminUi) {
		this.server = server;
		this.adminUi = adminUi;
	}

	private static String hostname() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	/**
	 * Return the name of the host, the default server id.
	 * @return the host name
	 */
	public static String localHostname() {
		return hostname();
	}

	@Override
	public void clientConnected(String clientId, String transport) {
		count("rawConnection", null);
		if ("polling".equals(transport)) {
			this.pollingClients.add(clientId);
		}
	}

	@Override
	public void clientUpgraded(String clientId, String transport) {
		this.pollingClients.remove(clientId);
	}

	@Override
	public void clientDisconnected(String clientId, String reason) {
		this.pollingClients.remove(clientId);
		count("rawDisconnection", reason);
	}

	@Override
	public void messageReceived(int bytes) {
		count("packetsIn", null, 1);
		count("bytesIn", null, bytes);
	}

	@Override
	public void messageSent(int bytes) {
		count("packetsOut", null, 1);
		count("bytesOut", null, bytes);
	}

	private void count(String type, String subType) {
		count(type, subType, 1);
	}

	private void count(String type, String subType, int amount) {
		long second = System.currentTimeMillis() / 1000 * 1000;
		String key = second + ";" + type + ";" + subType;
		synchronized (this.events) {
			Map<String, Object> event = this.events.computeIfAbsent(key, (k) -> {
				Map<String, Object> created = new LinkedHashMap<>();
				created.put("timestamp", second);
				created.put("type", type);
				if (subType != null) {
					created.put("subType", subType);
				}
				created.put("count", new AtomicInteger());
				return created;
			});
			((AtomicInteger) event.get("count")).addAndGet(amount);
		}
	}

	private List<Map<String, Object>> takeEvents() {
		List<Map<String, Object>> taken = new ArrayList<>();
		synchronized (this.events) {
			for (Map<String, Object> event : this.events.values()) {
				Map<String, Object> copy = new LinkedHashMap<>(event);
				copy.put("count", ((AtomicInteger) event.get("count")).get());
				taken.add(copy);
			}
			this.events.clear();
		}
		return taken;
	}

	/**
	 * Return the stats of this node now, and forget the events counted so far.
	 * @return the {@code server_stats} payload
	 */
	Map<String, Object> stats() {
		Io io = this.server.io();
		List<Map<String, Object>> namespaces = new ArrayList<>();
		for (String namespace : io.namespaces()) {
			namespaces.add(Map.of("name", namespace, "socketsCount", io.sockets(namespace).size()));
		}
		Map<String, Object> stats = new LinkedHashMap<>();
		stats.put("serverId", this.adminUi.options().serverId());
		stats.put("hostname", this.hostname);
		stats.put("pid", this.pid);
		stats.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
		stats.put("clientsCount", this.server.connectedClients());
		stats.put("pollingClientsCount", this.pollingClients.size());
		stats.put("aggregatedEvents", takeEvents());
		stats.put("namespaces", namespaces);
		return stats;
	}

	private void emitStats() {
		this.adminUi.emit("server_stats", stats());
	}

	@Override
	public void start() {
		ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "io-admin-ui-stats");
			thread.setDaemon(true);
			return thread;
		});
		this.timer = timer;
		long interval = INTERVAL.toMillis();
		timer.scheduleAtFixedRate(this::emitStats, 0, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		ScheduledExecutorService timer = this.timer;
		this.timer = null;
		if (timer != null) {
			timer.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
	}

	@Override
	public int getPhase() {
		// started once the server runs, stopped before it stops
		return IoServerLifecycle.PHASE + 1;
	}

}
