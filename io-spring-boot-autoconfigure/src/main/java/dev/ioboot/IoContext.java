package dev.ioboot;

import org.springframework.context.ApplicationContext;

/**
 * What a handler or an init hook is given: the application (the Strapi plugin's {@code strapi})
 * and the Socket.IO facade (its {@code io}).
 *
 * @param applicationContext the application context
 * @param io the Socket.IO facade
 */
public record IoContext(ApplicationContext applicationContext, Io io) {

}
