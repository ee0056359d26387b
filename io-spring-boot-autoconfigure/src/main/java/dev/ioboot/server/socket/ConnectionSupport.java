package dev.ioboot.server.socket;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import dev.ioboot.server.IoPrincipalResolver;
import dev.ioboot.server.protect.ConnectionLimiter;

/**
 * What the Socket.IO connections of one running server share.
 *
 * @param parser reads the packets clients send
 * @param namespaces the namespaces clients may connect to
 * @param timer the timer behind the connect timeout
 * @param connectTimeout the time a client has to connect to a namespace
 * @param principals decides who a connecting client is
 * @param limiter counts connections against the connection limits
 * @param sockets what the sockets share
 */
record ConnectionSupport(PacketDecoder parser, SocketNamespaces namespaces, ScheduledExecutorService timer,
		Duration connectTimeout, IoPrincipalResolver principals, ConnectionLimiter limiter, SocketSupport sockets) {

}
