package dev.ioboot.sample.events;

import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventException;
import org.springframework.stereotype.Component;

/**
 * A long-running job: {@code work ({id, ms})} tells the sender {@code work-accepted (id)} as
 * soon as the job starts, works for {@code ms} milliseconds and acknowledges with
 * {@code {"id": id, "done": true}}.
 *
 * <p>It shows what a graceful shutdown promises: a job that has started when the application
 * is stopped (SIGTERM) still finishes within {@code io.shutdown-grace-period} and its
 * acknowledgement still reaches the client, before the client is told to disconnect. An event
 * that arrives once the server is stopping is not started; its acknowledgement is
 * {@code {"error": "Server is shutting down"}}. A client that has seen {@code work-accepted}
 * can therefore count on the acknowledgement.
 */
@Component
public class WorkEvents {

	/** The longest job a client may ask for, in milliseconds. */
	static final long MAX_MILLIS = 10_000;

	/**
	 * {@code work ({id, ms})}: announces the start, works, acknowledges.
	 * @param socket the sender
	 * @param job the job: its id, as the client chose it, and how long it takes
	 * @return the acknowledgement
	 * @throws InterruptedException if the server gives up waiting for the job (the grace
	 * period is over); the acknowledgement then carries the error
	 */
	@IoEvent("work")
	public Done work(IoSocket socket, Job job) throws InterruptedException {
		if (job.ms() < 0 || job.ms() > MAX_MILLIS) {
			throw new IoEventException("ms must be between 0 and " + MAX_MILLIS);
		}
		socket.emit("work-accepted", job.id());
		// stands for the real work: a query, a call to another service...
		Thread.sleep(job.ms());
		return new Done(job.id(), true);
	}

	/**
	 * The payload of {@code work}.
	 *
	 * @param id the job's id, echoed in {@code work-accepted} and in the acknowledgement
	 * @param ms how long the job takes, in milliseconds
	 */
	public record Job(Object id, long ms) {

	}

	/**
	 * The acknowledgement of {@code work}.
	 *
	 * @param id the job's id
	 * @param done always {@code true}: the job has finished
	 */
	public record Done(Object id, boolean done) {

	}

}
