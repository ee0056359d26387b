package dev.ioboot.sample.events;

import java.util.Optional;

import dev.ioboot.IoContext;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventException;
import dev.ioboot.event.IoEventHandler;
import dev.ioboot.sample.user.UserService;
import dev.ioboot.sample.user.UserView;
import org.springframework.stereotype.Component;

/**
 * {@code update-user-name (id, name)}: renames a user in the database and acknowledges with the
 * updated user, {@code {"id": 1, "name": "..."}}, or with {@code {"error": "User 42 not found"}}.
 *
 * <p>The bean style, closest to the Strapi plugin: the handler receives the context (the
 * application, like {@code strapi}), the socket, and the raw event arguments.
 */
@Component
@IoEvent("update-user-name")
public class UpdateUserNameHandler implements IoEventHandler {

	@Override
	public Object handle(IoContext ctx, IoSocket socket, Object... args) {
		if (args.length < 2 || !(args[1] instanceof String name)) {
			throw new IoEventException("Expected (id, name)");
		}
		Long id = toId(args[0]);
		if (id == null) {
			throw notFound(args[0]);
		}
		// the context gives the application, as the Strapi plugin's handlers get "strapi"
		UserService users = ctx.applicationContext().getBean(UserService.class);
		Optional<UserView> updated = users.rename(id, name);
		if (updated.isEmpty()) {
			throw notFound(id);
		}
		return updated.get();
	}

	private static Long toId(Object value) {
		if (value instanceof Number number && number.doubleValue() == number.longValue()) {
			return number.longValue();
		}
		if (value instanceof String text) {
			try {
				return Long.valueOf(text.trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	private static IoEventException notFound(Object id) {
		return new IoEventException("User " + id + " not found");
	}

}
