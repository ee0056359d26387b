package dev.ioboot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits a middleware or listener bean to some namespaces: put it on the class of an
 * {@link IoMiddleware}, {@link dev.ioboot.event.IoEventMiddleware},
 * {@link dev.ioboot.event.IoAnyListener} or {@link dev.ioboot.event.IoAnyOutgoingListener}
 * bean. A bean without it applies to every namespace. The name of a dynamic namespace group
 * (see {@code io.dynamic-namespaces}) applies it to every namespace of the group, like
 * middleware on a socket.io parent namespace.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IoNamespace {

	/**
	 * The namespaces, such as {@code /admin}, or dynamic namespace groups.
	 * @return the names
	 */
	String[] value();

}
