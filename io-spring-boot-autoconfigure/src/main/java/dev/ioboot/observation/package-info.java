/**
 * Observability of the Socket.IO server: Micrometer observations of handled events and of
 * connections (continuing the trace of a handshake's {@code traceparent}), and the SLF4J MDC
 * of handlers.
 */
package dev.ioboot.observation;
