package dev.ioboot.server.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

import dev.ioboot.server.EngineIoSettings;

/**
 * The WebSocket permessage-deflate extension (RFC 7692) on Netty's handshaker and codecs.
 * A message smaller than the threshold is sent uncompressed. The server always answers with
 * {@code server_no_context_takeover}, which RFC 7692 lets a server add: each message is
 * compressed on its own, so an idle websocket holds no compressor (about 256 KB of native
 * memory each), and the threshold means what it means to Node's {@code ws}, which applies it
 * only without context takeover. What clients compress is inflated up to max-payload.
 */
final class PerMessageDeflate implements WebSocketServerExtensionHandshaker {

	private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";

	private static final int COMPRESSION_LEVEL = 6;

	private static final int MAX_WINDOW_BITS = 15;

	private final PerMessageDeflateServerExtensionHandshaker handshaker;

	PerMessageDeflate(EngineIoSettings.Compression settings, int maxPayload) {
		// server_max_window_bits is refused (the JDK's zlib compresses with 15 bits only): such
		// an offer is declined and the client falls back to its next offer or to none
		this.handshaker = new PerMessageDeflateServerExtensionHandshaker(COMPRESSION_LEVEL, false, MAX_WINDOW_BITS,
				true, false, new ThresholdFilters(settings.threshold()), maxPayload);
	}

	/**
	 * Return the pipeline handler that negotiates the extension on a websocket upgrade and
	 * then installs its encoder and decoder.
	 * @param settings the extension's settings
	 * @param maxPayload the largest message a client may send, inflated, in bytes
	 * @return the handler, one per connection
	 */
	static ChannelHandler newHandler(EngineIoSettings.Compression settings, int maxPayload) {
		return new WebSocketServerExtensionHandler(new PerMessageDeflate(settings, maxPayload));
	}

	@Override
	public WebSocketServerExtension handshakeExtension(WebSocketExtensionData offer) {
		Map<String, String> parameters = new LinkedHashMap<>(offer.parameters());
		parameters.put(SERVER_NO_CONTEXT_TAKEOVER, null);
		return this.handshaker.handshakeExtension(new WebSocketExtensionData(offer.name(), parameters));
	}

	/**
	 * Leaves messages smaller than the threshold uncompressed; inflates whatever the client
	 * compressed.
	 */
	private record ThresholdFilters(int threshold) implements WebSocketExtensionFilterProvider {

		@Override
		public WebSocketExtensionFilter encoderFilter() {
			return (frame) -> isBelowThreshold(frame);
		}

		@Override
		public WebSocketExtensionFilter decoderFilter() {
			return WebSocketExtensionFilter.NEVER_SKIP;
		}

		private boolean isBelowThreshold(WebSocketFrame frame) {
			return frame.content().readableBytes() < this.threshold;
		}

	}

}
