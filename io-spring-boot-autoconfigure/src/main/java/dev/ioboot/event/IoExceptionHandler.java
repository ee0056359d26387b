package dev.ioboot.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that handles exceptions thrown by {@link IoEvent} handlers, the counterpart
 * of spring-messaging's {@code @MessageExceptionHandler}. On a handler bean it handles that
 * bean's exceptions; on an {@link IoControllerAdvice} bean, every handler's. The closest
 * match by exception type wins; the bean's own methods before advice, advice in
 * {@link org.springframework.core.annotation.Order order}.
 *
 * <p>Its parameters are resolved like a handler's, without event arguments: the exception,
 * {@link dev.ioboot.IoSocket}, {@link dev.ioboot.IoPrincipal}, {@link IoAck},
 * {@link IoEventMessage} and so on. Its return value is the acknowledgement; a {@code void}
 * method acknowledges only through {@link IoAck}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IoExceptionHandler {

	/**
	 * The exceptions handled; by default those of the method's exception parameters.
	 * @return the exception types
	 */
	Class<? extends Throwable>[] value() default {};

}
