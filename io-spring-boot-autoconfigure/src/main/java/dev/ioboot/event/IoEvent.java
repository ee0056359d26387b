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
 * arguments. {@code connection} and {@code disconnect} are called when a socket connects to or
 * leaves the namespace.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IoEvent {

	/** The {@value} event, called once a socket's CONNECT has been accepted. */
	String CONNECTION = "connection";

	/** The {@value} event, called once a socket has left its namespace. */
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

}
