package dev.ioboot.adapter;

import java.util.Set;

/**
 * The sockets an operation is for: those of a namespace that are in any of {@code rooms} (all
 * of them when {@code rooms} is empty) and in none of {@code except}.
 *
 * @param namespace the namespace, such as {@code /}
 * @param rooms the rooms, empty for every socket of the namespace
 * @param except the rooms whose sockets are left out
 */
public record IoTarget(String namespace, Set<String> rooms, Set<String> except) {

	/**
	 * Create a target, copying the sets.
	 * @param namespace the namespace
	 * @param rooms the rooms
	 * @param except the excluded rooms
	 */
	public IoTarget {
		rooms = Set.copyOf(rooms);
		except = Set.copyOf(except);
	}

	/**
	 * Return a target for every socket of a namespace.
	 * @param namespace the namespace
	 * @return the target
	 */
	public static IoTarget all(String namespace) {
		return new IoTarget(namespace, Set.of(), Set.of());
	}

}
