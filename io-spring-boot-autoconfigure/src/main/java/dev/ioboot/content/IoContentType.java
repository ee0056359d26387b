package dev.ioboot.content;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A content type whose changes are pushed to clients.
 *
 * @param name the name clients see in event names, such as {@code article}
 * @param actions the actions announced
 * @param roles the roles whose sockets receive the events; empty for every authenticated
 * user's socket (the {@code public} role must be named)
 * @param excludeFields fields removed from the payload, at any depth
 */
public record IoContentType(String name, Set<ContentAction> actions, Set<String> roles, Set<String> excludeFields) {

	public IoContentType {
		actions = Collections.unmodifiableSet(actions.isEmpty() ? EnumSet.noneOf(ContentAction.class)
				: EnumSet.copyOf(actions));
		roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
		excludeFields = Collections.unmodifiableSet(new LinkedHashSet<>(excludeFields));
	}

}
