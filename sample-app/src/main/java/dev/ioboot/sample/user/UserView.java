package dev.ioboot.sample.user;

/**
 * What clients see of a user, over HTTP and in Socket.IO acknowledgements.
 *
 * @param id the user id
 * @param name the user name
 */
public record UserView(Long id, String name) {

	static UserView of(User user) {
		return new UserView(user.getId(), user.getName());
	}

}
