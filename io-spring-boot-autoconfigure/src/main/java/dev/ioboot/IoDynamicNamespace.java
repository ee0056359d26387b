package dev.ioboot;

import java.util.function.BiPredicate;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * A group of namespaces created when a client first connects to one of them, like socket.io's
 * {@code io.of(/^\/tenant-\d+$/)} or {@code io.of((name, auth, next) => ...)}. The group has a
 * name: {@code @IoEvent(namespace = "<group name>")} handlers and
 * {@link IoNamespace @IoNamespace("<group name>")} middlewares apply to every namespace of the
 * group, and {@link IoSocket#namespace()} is the concrete one, such as {@code /tenant-42}.
 * Declare groups as beans, or with {@code io.dynamic-namespaces.<name>=<regex>}.
 */
public interface IoDynamicNamespace {

	/**
	 * Return the name of the group, used by handlers and middlewares; it must not start with
	 * {@code /}, so that it never clashes with a namespace.
	 * @return the name, such as {@code tenants}
	 */
	String name();

	/**
	 * Decide whether a namespace belongs to the group.
	 * @param namespace the namespace a client connects to, or that the application broadcasts
	 * to, such as {@code /tenant-42}
	 * @param handshake the connecting client's handshake, or {@code null} when the
	 * application names the namespace (with {@link Io#of(String)})
	 * @return whether it belongs to the group
	 */
	boolean matches(String namespace, IoHandshake handshake);

	/**
	 * Return a group of the namespaces that match a regular expression in full.
	 * @param name the group name
	 * @param regex the regular expression, such as {@code /tenant-\d+}
	 * @return the group
	 */
	static IoDynamicNamespace matching(String name, String regex) {
		Pattern pattern = Pattern.compile(regex);
		return of(name, (namespace, handshake) -> pattern.matcher(namespace).matches());
	}

	/**
	 * Return a group of the namespaces a predicate accepts.
	 * @param name the group name
	 * @param predicate decides from the namespace and the handshake ({@code null} when the
	 * application names the namespace)
	 * @return the group
	 */
	static IoDynamicNamespace of(String name, BiPredicate<String, IoHandshake> predicate) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(!name.startsWith("/"), () -> "The name of dynamic namespace group '" + name
				+ "' must not start with '/': it would clash with a namespace");
		Assert.notNull(predicate, "'predicate' must not be null");
		return new IoDynamicNamespace() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public boolean matches(String namespace, IoHandshake handshake) {
				return predicate.test(namespace, handshake);
			}

			@Override
			public String toString() {
				return "IoDynamicNamespace[" + name + "]";
			}

		};
	}

}
