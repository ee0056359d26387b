package dev.ioboot.sample.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ioboot.IoSocket;
import dev.ioboot.event.IoAck;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventException;
import org.springframework.stereotype.Component;

/**
 * The method style: any bean method annotated with {@link IoEvent}. Parameters are resolved by
 * type ({@link IoSocket}, {@link IoAck}, {@link dev.ioboot.IoContext}); the others take the event
 * arguments in order, converted by Jackson, and a last {@code Object...} takes the rest. The
 * return value is the acknowledgement.
 */
@Component
public class DemoEvents {

	private static final Logger logger = LoggerFactory.getLogger(DemoEvents.class);

	/**
	 * {@code custom-event-name (x, y)}: logs the location and acknowledges with
	 * {@code {"x": x, "y": y}}.
	 * @param x the first argument, as sent
	 * @param y the second argument, as sent
	 * @return the acknowledgement
	 */
	@IoEvent("custom-event-name")
	public Location customEventName(Object x, Object y) {
		logger.info("[io] hello from custom event location {} {}", x, y);
		return new Location(x, y);
	}

	/**
	 * {@code echo (...args)}: acknowledges with exactly the arguments received, binary included,
	 * as that many acknowledgement arguments. It never blocks, so it is declared non-blocking and
	 * runs on the network thread that read it.
	 * @param ack the acknowledgement
	 * @param args the event arguments
	 */
	@IoEvent(value = "echo", nonBlocking = true)
	public void echo(IoAck ack, Object... args) {
		ack.send(args);
	}

	/**
	 * {@code boom (...)}: fails with a message for the client: the acknowledgement carries
	 * {@code {"error": "boom"}}.
	 * @param args ignored
	 */
	@IoEvent("boom")
	public void boom(Object... args) {
		throw new IoEventException("boom");
	}

	/**
	 * {@code slow (ms)}: takes its time, off the network threads, then acknowledges with
	 * {@code "slow-done"}.
	 * @param ms how long to sleep, in milliseconds
	 * @return the acknowledgement
	 * @throws InterruptedException if the server stops meanwhile
	 */
	@IoEvent("slow")
	public String slow(long ms) throws InterruptedException {
		Thread.sleep(ms);
		return "slow-done";
	}

	/**
	 * {@code ping-me (...args)}: emits {@code pong-you} with the same arguments back to the sender
	 * and acknowledges with {@code true}.
	 * @param socket the sender
	 * @param args the event arguments
	 * @return the acknowledgement
	 */
	@IoEvent(value = "ping-me", nonBlocking = true)
	public boolean pingMe(IoSocket socket, Object... args) {
		socket.emit("pong-you", args);
		return true;
	}

	/**
	 * The acknowledgement of {@code custom-event-name}.
	 *
	 * @param x the first argument
	 * @param y the second argument
	 */
	public record Location(Object x, Object y) {

	}

}
