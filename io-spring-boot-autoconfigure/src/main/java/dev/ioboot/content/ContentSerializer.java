package dev.ioboot.content;

/**
 * Turns content into the plain values an event carries ({@code Map}, {@code List},
 * {@code String}, numbers, {@code Boolean}, {@code null}), the way the application's REST API
 * would render it.
 */
@FunctionalInterface
public interface ContentSerializer {

	/**
	 * A value a serializer may place where a relation was not loaded; the field is left out
	 * of the event.
	 */
	Object NOT_LOADED = new Object() {

		@Override
		public String toString() {
			return "NOT_LOADED";
		}

	};

	/**
	 * Convert content to plain values.
	 * @param content the content, such as an entity
	 * @return the plain values
	 */
	Object toPlainValues(Object content);

}
