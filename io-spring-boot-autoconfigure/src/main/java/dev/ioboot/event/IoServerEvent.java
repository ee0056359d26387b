package dev.ioboot.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that handles events other nodes send with
 * {@link dev.ioboot.Io#serverSideEmit(String, Object...)} (or socket.io's
 * {@code serverSideEmit}), not events from clients. Parameters are resolved as for
 * {@link IoEvent} methods, without a socket; the return value is the acknowledgement when the
 * sender asked for one.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IoServerEvent {

	/**
	 * The event name.
	 * @return the event name
	 */
	String value();

	/**
	 * The namespace.
	 * @return the namespace, {@code /} by default
	 */
	String namespace() default "/";

}
