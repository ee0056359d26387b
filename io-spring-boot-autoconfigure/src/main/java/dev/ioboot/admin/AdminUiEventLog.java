package dev.ioboot.admin;

import java.util.ArrayList;
import java.util.List;

import dev.ioboot.IoSocket;
import dev.ioboot.event.IoAnyListener;
import dev.ioboot.event.IoAnyOutgoingListener;

/**
 * Tells the Admin UI every event a socket receives ({@code event_received}) or is sent
 * ({@code event_sent}), outside the admin namespace: development mode only.
 */
public final class AdminUiEventLog {

	private final IoAdminUi adminUi;

	/**
	 * Create the log.
	 * @param adminUi the instrumentation the events are told through
	 */
	public AdminUiEventLog(IoAdminUi adminUi) {
		this.adminUi = adminUi;
	}

	/**
	 * Return the listener of received events.
	 * @return the listener, for every namespace
	 */
	public IoAnyListener received() {
		return (socket, event, args) -> tell("event_received", socket, event, args);
	}

	/**
	 * Return the listener of sent events.
	 * @return the listener, for every namespace
	 */
	public IoAnyOutgoingListener sent() {
		return (socket, event, args) -> tell("event_sent", socket, event, args);
	}

	private void tell(String what, IoSocket socket, String event, List<Object> args) {
		if (this.adminUi.options().namespace().equals(socket.namespace())) {
			return;
		}
		List<Object> eventAndArgs = new ArrayList<>(args.size() + 1);
		eventAndArgs.add(event);
		eventAndArgs.addAll(args);
		this.adminUi.emit(what, socket.namespace(), socket.id(), eventAndArgs, AdminUiPayloads.now());
	}

}
