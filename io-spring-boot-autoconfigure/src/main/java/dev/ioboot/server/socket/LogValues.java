package dev.ioboot.server.socket;

/**
 * Client-chosen values (event and namespace names) made fit for a log line.
 */
final class LogValues {

	private static final int MAX = 100;

	private LogValues() {
	}

	/**
	 * Shorten a value to at most 100 characters, saying how long it was.
	 * @param value the value
	 * @return the value, or its start
	 */
	static String cut(String value) {
		if (value == null || value.length() <= MAX) {
			return value;
		}
		return value.substring(0, MAX) + "... (" + value.length() + " characters)";
	}

}
