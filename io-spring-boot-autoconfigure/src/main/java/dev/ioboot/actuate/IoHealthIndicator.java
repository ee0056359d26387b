package dev.ioboot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.ioboot.adapter.IoAdapter;
import dev.ioboot.server.IoServer;

/**
 * Health of the Socket.IO server: up while it listens and its adapter reaches the other
 * nodes; down when it is not listening, or when the adapter has lost its broker (Redis).
 * Details: the port, the connected clients, the sockets per namespace, and the adapter's
 * type and state.
 */
public class IoHealthIndicator extends AbstractHealthIndicator {

	private final IoServer server;

	/**
	 * Create an indicator.
	 * @param server the server
	 */
	public IoHealthIndicator(IoServer server) {
		super("Socket.IO health check failed");
		this.server = server;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		IoAdapter adapter = this.server.adapter();
		boolean running = this.server.isRunning();
		if (running && adapter.isAvailable()) {
			builder.up();
		}
		else {
			builder.down();
		}
		builder.withDetail("listening", running);
		builder.withDetail("port", this.server.port());
		builder.withDetail("connectedClients", this.server.connectedClients());
		Map<String, Integer> namespaces = new LinkedHashMap<>();
		for (String namespace : this.server.namespaces()) {
			namespaces.put(namespace, this.server.connectedSockets(namespace));
		}
		builder.withDetail("namespaces", namespaces);
		builder.withDetail("adapter", Map.of("type", adapter.type(), "state", adapter.state()));
	}

}
