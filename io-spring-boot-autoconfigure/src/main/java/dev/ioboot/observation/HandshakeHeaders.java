package dev.ioboot.observation;

import io.micrometer.observation.transport.Propagator;

import dev.ioboot.IoHandshake;

/**
 * Reads propagation fields, such as W3C's {@code traceparent}, from the headers of a
 * socket's handshake.
 */
final class HandshakeHeaders implements Propagator.Getter<IoHandshake> {

	static final HandshakeHeaders INSTANCE = new HandshakeHeaders();

	private HandshakeHeaders() {
	}

	@Override
	public String get(IoHandshake carrier, String key) {
		return (carrier != null) ? carrier.header(key) : null;
	}

}
