package dev.ioboot.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.IoSocket;
import dev.ioboot.server.IoServerListener;

/**
 * Observes each socket as an {@code io.connection} observation (see
 * {@link DefaultIoConnectionObservationConvention}): started when it connects to a
 * namespace, stopped with the reason when it disconnects.
 */
public class ConnectionObservationListener implements IoServerListener {

	private static final Log logger = LogFactory.getLog(ConnectionObservationListener.class);

	private static final IoConnectionObservationConvention DEFAULT_CONVENTION = new DefaultIoConnectionObservationConvention();

	private final ObservationRegistry registry;

	private final IoConnectionObservationConvention convention;

	private final Map<IoSocket, Connection> connections = new ConcurrentHashMap<>();

	/**
	 * Create a listener.
	 * @param registry where observations are made
	 * @param convention the convention, or {@code null} for the default one
	 */
	public ConnectionObservationListener(ObservationRegistry registry, IoConnectionObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public void socketConnected(IoSocket socket) {
		try {
			IoConnectionContext context = new IoConnectionContext(socket);
			Observation observation = Observation
				.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
				.start();
			this.connections.put(socket, new Connection(observation, context));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not start the observation of socket " + socket.id(), ex);
		}
	}

	@Override
	public void socketDisconnected(IoSocket socket, String reason) {
		Connection connection = this.connections.remove(socket);
		if (connection == null) {
			return;
		}
		try {
			connection.context().setReason(reason);
			connection.observation().stop();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not stop the observation of socket " + socket.id(), ex);
		}
	}

	private record Connection(Observation observation, IoConnectionContext context) {
	}

}
