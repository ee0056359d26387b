package dev.ioboot.content;

import java.util.Locale;

/**
 * A change to a piece of content, and the suffix of the event that announces it.
 */
public enum ContentAction {

	/**
	 * The content was created: {@code <type>:create}.
	 */
	CREATE,

	/**
	 * The content was updated: {@code <type>:update}.
	 */
	UPDATE,

	/**
	 * The content was deleted: {@code <type>:delete}, with the content as it was.
	 */
	DELETE;

	/**
	 * Return the name of the event announcing this action on a content type.
	 * @param type the content type's configured name
	 * @return the event name, such as {@code article:create}
	 */
	public String eventName(String type) {
		return type + ":" + name().toLowerCase(Locale.ROOT);
	}

}
