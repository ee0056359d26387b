package dev.ioboot.sample.web;

import dev.ioboot.autoconfigure.IoProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/client-config}: where the live page finds the Socket.IO server,
 * {@code {"port": 9092, "path": "/socket.io", "url": null}}: on the host that served the
 * page at that port, or at {@code url} when {@code sample.socket-url} is set ({@code /} for
 * the page's own origin, as behind a reverse proxy that serves both).
 */
@RestController
public class ClientConfigController {

	private final IoProperties properties;

	private final String socketUrl;

	public ClientConfigController(IoProperties properties, @Value("${sample.socket-url:}") String socketUrl) {
		this.properties = properties;
		this.socketUrl = StringUtils.hasText(socketUrl) ? socketUrl : null;
	}

	@GetMapping("/api/client-config")
	public ClientConfig clientConfig() {
		IoProperties.ServerOptions options = this.properties.getSocket().getServerOptions();
		return new ClientConfig(options.getPort(), options.getPath(), this.socketUrl);
	}

	/**
	 * Where the socket server is.
	 *
	 * @param port the port, on the page's host
	 * @param path the Engine.IO path
	 * @param url the URL to connect to instead, {@code /} for the page's own origin;
	 * {@code null} to use the port
	 */
	public record ClientConfig(int port, String path, String url) {

	}

}
