package dev.ioboot.sample.web;

import dev.ioboot.autoconfigure.IoProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/client-config}: where the live page finds the Socket.IO server,
 * {@code {"port": 9092, "path": "/socket.io"}}, on the host that served the page.
 */
@RestController
public class ClientConfigController {

	private final IoProperties properties;

	public ClientConfigController(IoProperties properties) {
		this.properties = properties;
	}

	@GetMapping("/api/client-config")
	public ClientConfig clientConfig() {
		IoProperties.ServerOptions options = this.properties.getSocket().getServerOptions();
		return new ClientConfig(options.getPort(), options.getPath());
	}

	/**
	 * The socket server's port and path.
	 *
	 * @param port the port
	 * @param path the Engine.IO path
	 */
	public record ClientConfig(int port, String path) {

	}

}
