package dev.ioboot.admin;

import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ioboot.Io;
import dev.ioboot.IoBroadcast;
import dev.ioboot.IoNamespace;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoAnyListener;

/**
 * Carries out what the Admin UI asks, unless it is read-only: {@code emit(nsp, filter, event,
 * ...args)}, {@code join(nsp, room, filter)}, {@code leave(nsp, room, filter)} and
 * {@code _disconnect(nsp, close, filter)}, on the sockets of the namespace (those in the
 * {@code filter} room when given) of every node. Other events, and commands naming a
 * namespace clients cannot connect to, are ignored, as {@code @socket.io/admin-ui} does.
 */
@IoNamespace(IoAdminUi.NAMESPACE_GROUP)
public final class AdminUiCommands implements IoAnyListener {

	private static final Log logger = LogFactory.getLog(AdminUiCommands.class);

	private final Supplier<Io> io;

	/**
	 * Create the commands.
	 * @param io the facade they act through, asked for when first needed
	 */
	public AdminUiCommands(Supplier<Io> io) {
		this.io = io;
	}

	@Override
	public void onEvent(IoSocket socket, String event, List<Object> args) {
		try {
			run(event, args);
		}
		catch (IllegalArgumentException ex) {
			logger.debug("Ignoring Admin UI command '" + event + "': " + ex.getMessage());
		}
	}

	private void run(String event, List<Object> args) {
		switch (event) {
			case "emit" -> {
				if (args.size() >= 3 && args.get(2) instanceof String name) {
					target(args.get(0), args.get(1)).emit(name, args.subList(3, args.size()).toArray());
				}
			}
			case "join" -> {
				if (args.size() >= 2 && args.get(1) instanceof String room) {
					target(args.get(0), at(args, 2)).socketsJoin(room);
				}
			}
			case "leave" -> {
				if (args.size() >= 2 && args.get(1) instanceof String room) {
					target(args.get(0), at(args, 2)).socketsLeave(room);
				}
			}
			case "_disconnect" -> {
				if (args.size() >= 2) {
					target(args.get(0), at(args, 2)).disconnectSockets(Boolean.TRUE.equals(args.get(1)));
				}
			}
			default -> {
			}
		}
	}

	private static Object at(List<Object> args, int index) {
		return (args.size() > index) ? args.get(index) : null;
	}

	private IoBroadcast target(Object namespace, Object filter) {
		Io io = this.io.get();
		if (!(namespace instanceof String name) || !io.namespaces().contains(name)) {
			throw new IllegalArgumentException("no namespace " + namespace + " on this node");
		}
		IoBroadcast broadcast = io.of(name);
		return (filter instanceof String room && !room.isEmpty()) ? broadcast.to(room) : broadcast;
	}

}
