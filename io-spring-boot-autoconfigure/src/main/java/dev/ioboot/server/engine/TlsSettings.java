package dev.ioboot.server.engine;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * TLS of the socket server, from a Spring Boot {@link SslBundle}: one {@link SSLContext}, and
 * a server-mode {@link SSLEngine} per connection with the bundle's protocols and ciphers.
 */
final class TlsSettings {

	private final SSLContext context;

	private final SslOptions options;

	TlsSettings(SslBundle bundle) {
		this.context = bundle.createSslContext();
		this.options = bundle.getOptions();
	}

	SSLEngine newEngine() {
		SSLEngine engine = this.context.createSSLEngine();
		engine.setUseClientMode(false);
		if (this.options.getEnabledProtocols() != null) {
			engine.setEnabledProtocols(this.options.getEnabledProtocols());
		}
		if (this.options.getCiphers() != null) {
			engine.setEnabledCipherSuites(this.options.getCiphers());
		}
		return engine;
	}

}
