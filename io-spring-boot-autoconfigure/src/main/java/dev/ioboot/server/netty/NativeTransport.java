package dev.ioboot.server.netty;

import io.netty.channel.epoll.Epoll;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ClassUtils;

/**
 * Decides whether connections are served by Netty's native epoll transport, which is only
 * possible on Linux with {@code netty-transport-native-epoll} (and its native library) on
 * the classpath. Where it was asked for and is not possible, the server runs on Java NIO
 * and says why, once.
 */
final class NativeTransport {

	private static final Log logger = LogFactory.getLog(NativeTransport.class);

	private static final String EPOLL_CLASS = "io.netty.channel.epoll.Epoll";

	private NativeTransport() {
	}

	/**
	 * Return whether to serve on epoll.
	 * @param requested whether the native transport was asked for
	 * @return {@code true} if it was and it can run here
	 */
	static boolean useEpoll(boolean requested) {
		if (!requested) {
			return false;
		}
		if (!ClassUtils.isPresent(EPOLL_CLASS, NativeTransport.class.getClassLoader())) {
			logger.warn("Netty's native epoll transport was asked for, but netty-transport-native-epoll is not on "
					+ "the classpath; serving Socket.IO connections with Java NIO");
			return false;
		}
		return EpollCheck.isAvailable();
	}

	/**
	 * Kept apart so that the epoll classes are only loaded once they are known to be present.
	 */
	private static final class EpollCheck {

		static boolean isAvailable() {
			if (Epoll.isAvailable()) {
				return true;
			}
			Throwable cause = Epoll.unavailabilityCause();
			logger.warn("Netty's native epoll transport was asked for, but it cannot run here ("
					+ ((cause != null) ? cause.getMessage() : "unknown reason")
					+ "); serving Socket.IO connections with Java NIO");
			return false;
		}

	}

}
