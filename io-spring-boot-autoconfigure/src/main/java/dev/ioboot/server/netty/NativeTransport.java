package dev.ioboot.server.netty;

import io.netty.channel.epoll.Epoll;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ClassUtils;

/**
 * Decides whether connections are served by Netty's native epoll transport, which is only
 * possible on Linux with {@code netty-transport-native-epoll} (and its native library) on
 * the classpath. Unless told, it is used where it can run; where it was asked for and cannot
 * run, the server runs on Java NIO and says why, once.
 */
final class NativeTransport {

	private static final Log logger = LogFactory.getLog(NativeTransport.class);

	private static final String EPOLL_CLASS = "io.netty.channel.epoll.Epoll";

	private NativeTransport() {
	}

	/**
	 * Return whether to serve on epoll.
	 * @param requested {@code true} if the native transport was asked for, {@code false} if
	 * not, {@code null} to use it where it can run
	 * @return whether to use it
	 */
	static boolean useEpoll(Boolean requested) {
		if (Boolean.FALSE.equals(requested)) {
			return false;
		}
		boolean required = Boolean.TRUE.equals(requested);
		if (!ClassUtils.isPresent(EPOLL_CLASS, NativeTransport.class.getClassLoader())) {
			if (required) {
				logger.warn("Netty's native epoll transport was asked for, but netty-transport-native-epoll is not "
						+ "on the classpath; serving Socket.IO connections with Java NIO");
			}
			return false;
		}
		return EpollCheck.isAvailable(required);
	}

	/**
	 * Kept apart so that the epoll classes are only loaded once they are known to be present.
	 */
	private static final class EpollCheck {

		static boolean isAvailable(boolean required) {
			if (Epoll.isAvailable()) {
				return true;
			}
			if (required) {
				Throwable cause = Epoll.unavailabilityCause();
				logger.warn("Netty's native epoll transport was asked for, but it cannot run here ("
						+ ((cause != null) ? cause.getMessage() : "unknown reason")
						+ "); serving Socket.IO connections with Java NIO");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Serving Socket.IO connections with Java NIO: Netty's native epoll transport cannot run here",
						Epoll.unavailabilityCause());
			}
			return false;
		}

	}

}
