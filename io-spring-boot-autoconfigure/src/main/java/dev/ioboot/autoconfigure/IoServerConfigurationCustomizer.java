package dev.ioboot.autoconfigure;

import com.corundumstudio.socketio.Configuration;

/**
 * Customizes netty-socketio's {@link Configuration} before the server is created: thread
 * counts, socket options, epoll. Beans of this type are applied in order.
 */
@FunctionalInterface
public interface IoServerConfigurationCustomizer {

	/**
	 * Customize the configuration.
	 * @param configuration the configuration, already set from {@code io.*}
	 */
	void customize(Configuration configuration);

}
