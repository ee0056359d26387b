package dev.ioboot.sample.conformance;

import dev.ioboot.IoSocket;
import dev.ioboot.event.IoAck;
import dev.ioboot.event.IoEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The server the Socket.IO protocol test suite expects, active with the {@code conformance}
 * profile (port 3000, short ping interval, namespaces {@code /} and {@code /custom}): on
 * connection it emits {@code auth} with the client's auth payload; {@code message} is emitted
 * back as {@code message-back}; {@code message-with-ack} is acknowledged with its own arguments.
 */
@Component
@Profile("conformance")
public class ConformanceEvents {

	private static final String CUSTOM = "/custom";

	@IoEvent(IoEvent.CONNECTION)
	public void connection(IoSocket socket) {
		sendAuth(socket);
	}

	@IoEvent(value = IoEvent.CONNECTION, namespace = CUSTOM)
	public void customConnection(IoSocket socket) {
		sendAuth(socket);
	}

	@IoEvent("message")
	public void message(IoSocket socket, Object... args) {
		socket.emit("message-back", args);
	}

	@IoEvent(value = "message", namespace = CUSTOM)
	public void customMessage(IoSocket socket, Object... args) {
		socket.emit("message-back", args);
	}

	@IoEvent("message-with-ack")
	public void messageWithAck(IoAck ack, Object... args) {
		ack.send(args);
	}

	@IoEvent(value = "message-with-ack", namespace = CUSTOM)
	public void customMessageWithAck(IoAck ack, Object... args) {
		ack.send(args);
	}

	private static void sendAuth(IoSocket socket) {
		// the handshake's auth is an empty map when the client sent none
		socket.emit("auth", socket.handshake().auth());
	}

}
