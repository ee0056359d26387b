package dev.ioboot.content;

/**
 * Announces a change to a piece of content to the clients allowed to read it.
 */
@FunctionalInterface
public interface IoContentEmitter {

	/**
	 * Announce a change.
	 * @param type the content type's configured name, such as {@code article}
	 * @param action what happened
	 * @param content the content (for a deletion, as it was)
	 */
	void emitContent(String type, ContentAction action, Object content);

}
