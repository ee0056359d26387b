package dev.ioboot.server.engine;

import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;

import dev.ioboot.server.EngineIoSettings;
import dev.ioboot.server.IoServerListeners;

/**
 * What every Engine.IO session of one server uses: the settings, the buffer limit, the timer
 * behind heartbeats and timeouts, the HTTP responses of polling, and the map of open sessions
 * a closed session leaves.
 *
 * @param settings the Engine.IO settings
 * @param maxBufferedBytes the most bytes waiting for one client, 0 for no limit
 * @param timer the timer
 * @param http writes polling responses
 * @param sessions the open sessions, by id
 * @param listeners told of each message received and sent
 */
record SessionSupport(EngineIoSettings settings, long maxBufferedBytes, ScheduledExecutorService timer,
		HttpResponses http, ConcurrentMap<String, EngineSession> sessions, IoServerListeners listeners) {

}
