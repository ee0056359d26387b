package dev.ioboot.test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a value inside plain Java JSON ({@link Map} and {@link List}) by a path of property
 * names and indexes: {@code user.name}, {@code details[0].field}, {@code [1]}.
 */
final class IoJsonPath {

	private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

	private IoJsonPath() {
	}

	static Object find(Object root, String path, String description) {
		Object current = root;
		StringBuilder walked = new StringBuilder();
		Matcher matcher = STEP.matcher(path);
		int end = 0;
		while (matcher.find()) {
			String between = path.substring(end, matcher.start());
			if (!between.isEmpty() && !between.equals(".")) {
				throw new IllegalArgumentException("Invalid path '" + path + "'");
			}
			end = matcher.end();
			if (matcher.group(1) != null) {
				String name = matcher.group(1);
				if (!(current instanceof Map<?, ?> map) || !map.containsKey(name)) {
					throw missing(description, path, walked, current);
				}
				current = map.get(name);
				walked.append(walked.isEmpty() ? "" : ".").append(name);
			}
			else {
				int index = Integer.parseInt(matcher.group(2));
				if (!(current instanceof List<?> list) || index >= list.size()) {
					throw missing(description, path, walked, current);
				}
				current = list.get(index);
				walked.append('[').append(index).append(']');
			}
		}
		if (end != path.length() || path.isEmpty()) {
			throw new IllegalArgumentException("Invalid path '" + path + "'");
		}
		return current;
	}

	private static AssertionError missing(String description, String path, CharSequence walked, Object current) {
		String where = walked.isEmpty() ? "the value" : walked.toString();
		return new AssertionError("Expected " + description + " to have " + path + " but " + where + " is " + current);
	}

}
