package dev.ioboot.server.socket;

import java.util.concurrent.Executor;

import dev.ioboot.event.IoEventDispatcher;
import dev.ioboot.server.IoLimits;
import dev.ioboot.server.IoServerListeners;

/**
 * What the sockets of one server share.
 *
 * @param writer encodes the packets sockets send
 * @param dispatcher runs the handlers of their events
 * @param handlers the pool handlers run on
 * @param limits the limits, for the event rate
 * @param listeners told what the sockets do
 * @param broadcasts starts the broadcasts of {@code socket.to(room)}
 * @param interceptors the middlewares and listeners of each namespace
 */
record SocketSupport(PacketEncoder writer, IoEventDispatcher dispatcher, Executor handlers,
		IoLimits limits, IoServerListeners listeners, Broadcasts broadcasts, SocketInterceptors interceptors) {

}
