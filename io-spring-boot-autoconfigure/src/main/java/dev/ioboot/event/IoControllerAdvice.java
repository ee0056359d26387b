package dev.ioboot.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * A bean whose {@link IoExceptionHandler} methods handle the exceptions of every
 * {@link IoEvent} handler, the counterpart of Spring's {@code @ControllerAdvice}. Several
 * advice beans are asked in {@link org.springframework.core.annotation.Order order}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface IoControllerAdvice {

}
