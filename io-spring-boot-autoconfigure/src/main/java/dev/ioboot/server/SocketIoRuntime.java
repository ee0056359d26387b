package dev.ioboot.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ioboot.IoMiddleware;
import dev.ioboot.event.IoEventDispatcher;

/**
 * What every Socket.IO connection of one server shares.
 *
 * @param server the server
 * @param mapper the JSON mapper, for converting acknowledgement arguments
 * @param writer the packet writer
 * @param parser the packet parser
 * @param namespaces the namespaces
 * @param dispatcher where events go
 * @param handlers the pool handlers run on
 * @param timer the timer for timeouts
 * @param connectTimeout the time a client has to connect to a namespace
 * @param principals decides who a connecting client is
 * @param middlewares run in order when a client connects to a namespace
 * @param limits the limits
 * @param connections counts the connections against the limits
 * @param listener told what the server does
 */
record SocketIoRuntime(IoServer server, ObjectMapper mapper, SocketIoPacketWriter writer, SocketIoPacketParser parser,
		IoNamespaces namespaces, IoEventDispatcher dispatcher, ExecutorService handlers,
		ScheduledExecutorService timer, Duration connectTimeout, IoPrincipalResolver principals,
		List<IoMiddleware> middlewares, IoLimits limits, ConnectionLimiter connections, IoServerListener listener) {

}
