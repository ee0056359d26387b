package dev.ioboot.testsupport;

/**
 * Reads what the application logged, as captured by Spring Boot's
 * {@code OutputCaptureExtension}, for tests that check a problem is logged exactly once.
 */
public final class LogOutput {

	private LogOutput() {
	}

	/**
	 * Count the occurrences of a text in the captured output.
	 * @param output the output
	 * @param text the text, such as a log message
	 * @return how many times it appears, not overlapping
	 */
	public static int occurrences(CharSequence output, String text) {
		String all = output.toString();
		int count = 0;
		for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + text.length())) {
			count++;
		}
		return count;
	}

}
