package dev.ioboot.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Annotation on a test class that enables and configures an
 * {@link dev.ioboot.test.IoTestClient} bean bound to the application's Socket.IO server,
 * typically with {@code @SpringBootTest(properties = "io.socket.server-options.port=0")}.
 * The auto-configurations it imports are listed in
 * {@code META-INF/spring/dev.ioboot.test.autoconfigure.AutoConfigureIoTestClient.imports}.
 *
 * @see IoTestClientAutoConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureIoTestClient {

}
