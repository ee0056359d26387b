package dev.ioboot.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Socket.IO event handler: either a bean that implements {@link IoEventHandler}, or a
 * method of any bean. Method parameters are resolved by type: {@link dev.ioboot.IoSocket},
 * {@link dev.ioboot.IoContext}, {@link IoAck}; every other parameter takes the next event
 * argument, converted by Jackson, and a last {@code Object...} parameter takes all remaining
 * arguments. {@code connection} is called when a socket connects to the namespace;
 * {@code disconnecting} when it is leaving, still in its rooms, and {@code disconnect} once it
 * left them; both take the reason as a {@code String} argument, one of socket.io's:
 * {@code client namespace disconnect}, {@code server namespace disconnect},
 * {@code transport close}, {@code transport error}, {@code ping timeout},
 * {@code parse error}, {@code server shutting down}, {@code forced close}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IoEvent {

	/** The {@value} event, called once a socket's CONNECT has been accepted. */
	String CONNECTION = "connection";

	/** The {@value} event, called when a socket is leaving its namespace, still in its rooms. */
	String DISCONNECTING = "disconnecting";

	/** The {@value} event, called once a socket has left its namespace and its rooms. */
	String DISCONNECT = "disconnect";

	/**
	 * The event name.
	 * @return the event name
	 */
	String value();

	/**
	 * The namespace the handler listens on.
	 * @return the namespace, {@code /} by default
	 */
	String namespace() default "/";

	/**
	 * Declare that the handler never blocks: it does not wait on I/O, locks, sleeps or
	 * futures, and returns quickly (or returns a {@code CompletionStage} or {@code Mono} for
	 * what takes longer). The server may then call it on the network thread that read the
	 * event instead of handing it to the handler pool and back, which saves two thread
	 * hand-offs per event. The rules are unchanged: one call at a time per socket, in
	 * arrival order (an event that arrives while another of the socket's events is being
	 * handled waits for it on the handler pool), the same acknowledgement, decorators and
	 * exception handlers. The event is handled on the pool as usual when an
	 * {@link IoEventMiddleware} or {@link IoAnyListener} of its namespace may block (they
	 * may, unless they say otherwise with {@code isNonBlocking()}). A handler that blocks
	 * while declared non-blocking stalls every socket served by that network thread. Only
	 * events sent by clients are concerned:
	 * {@code connection}, {@code disconnecting} and {@code disconnect} handlers always run
	 * on the handler pool.
	 * @return whether the handler never blocks, {@code false} by default
	 */
	boolean nonBlocking() default false;

}
