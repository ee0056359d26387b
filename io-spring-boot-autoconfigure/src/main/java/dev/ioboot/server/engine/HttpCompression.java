package dev.ioboot.server.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import dev.ioboot.server.EngineIoSettings;

/**
 * Compression of polling responses, as socket.io compresses them: {@code gzip} or
 * {@code deflate} (zlib format), whichever the request's {@code Accept-Encoding} prefers, for
 * a response at least as large as the threshold; none when the request has no
 * {@code Accept-Encoding}.
 */
final class HttpCompression {

	static final String GZIP = "gzip";

	static final String DEFLATE = "deflate";

	private static final String[] ENCODINGS = { GZIP, DEFLATE };

	private final EngineIoSettings.Compression settings;

	HttpCompression(EngineIoSettings.Compression settings) {
		this.settings = settings;
	}

	/**
	 * Return the encoding of a response.
	 * @param acceptEncoding the request's {@code Accept-Encoding}, or {@code null}
	 * @param size the response body's size in bytes
	 * @return {@code gzip}, {@code deflate}, or {@code null} to send it as it is
	 */
	String encoding(String acceptEncoding, int size) {
		if (!this.settings.compresses(size) || acceptEncoding == null) {
			return null;
		}
		return preferred(acceptEncoding);
	}

	/**
	 * Return the encoding an {@code Accept-Encoding} value prefers: the highest quality, an
	 * exact name before {@code *}, then the one named first, {@code gzip} on a tie.
	 * @param acceptEncoding the header value
	 * @return {@code gzip}, {@code deflate}, or {@code null} if neither is acceptable
	 */
	static String preferred(String acceptEncoding) {
		String[] entries = acceptEncoding.split(",");
		String best = null;
		Match bestMatch = null;
		for (String encoding : ENCODINGS) {
			Match match = null;
			for (int position = 0; position < entries.length; position++) {
				Match candidate = Match.of(encoding, entries[position].trim(), position);
				if (candidate != null && (match == null || candidate.beats(match))) {
					match = candidate;
				}
			}
			if (match != null && match.quality > 0 && (bestMatch == null || match.preferredTo(bestMatch))) {
				best = encoding;
				bestMatch = match;
			}
		}
		return best;
	}

	/**
	 * Compress a response body.
	 * @param body the body
	 * @param encoding {@code gzip} or {@code deflate}
	 * @return the compressed body
	 */
	static byte[] compress(byte[] body, String encoding) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
		try (OutputStream compressor = GZIP.equals(encoding) ? new GZIPOutputStream(out)
				: new DeflaterOutputStream(out)) {
			compressor.write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * How one entry of {@code Accept-Encoding} matches an encoding.
	 */
	private record Match(boolean exact, double quality, int position) {

		static Match of(String encoding, String entry, int position) {
			int semicolon = entry.indexOf(';');
			String name = ((semicolon >= 0) ? entry.substring(0, semicolon) : entry).trim();
			boolean exact = name.toLowerCase(Locale.ROOT).equals(encoding);
			if (!exact && !"*".equals(name)) {
				return null;
			}
			return new Match(exact, (semicolon >= 0) ? quality(entry.substring(semicolon + 1)) : 1, position);
		}

		private static double quality(String parameters) {
			for (String parameter : parameters.split(";")) {
				String[] pair = parameter.trim().split("=", 2);
				if (pair[0].trim().equals("q")) {
					try {
						return (pair.length == 2) ? Double.parseDouble(pair[1].trim()) : 0;
					}
					catch (NumberFormatException ex) {
						return 0;
					}
				}
			}
			return 1;
		}

		/** Whether this entry decides an encoding's quality rather than another entry. */
		boolean beats(Match other) {
			if (this.exact != other.exact) {
				return this.exact;
			}
			if (this.quality != other.quality) {
				return this.quality > other.quality;
			}
			return this.position > other.position;
		}

		/** Whether the encoding matched by this entry is preferred to another's. */
		boolean preferredTo(Match other) {
			if (this.quality != other.quality) {
				return this.quality > other.quality;
			}
			if (this.exact != other.exact) {
				return this.exact;
			}
			return this.position < other.position;
		}

	}

}
