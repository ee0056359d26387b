package dev.ioboot.sample.user;

import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and renames users, each call in its own transaction.
 */
@Service
public class UserService {

	private final UserRepository users;

	public UserService(UserRepository users) {
		this.users = users;
	}

	/**
	 * Find a user.
	 * @param id the user id
	 * @return the user, if it exists
	 */
	@Transactional(readOnly = true)
	public Optional<UserView> find(long id) {
		return this.users.findById(id).map(UserView::of);
	}

	/**
	 * Change a user's name.
	 * @param id the user id
	 * @param name the new name
	 * @return the updated user, or empty if no user has that id
	 */
	@Transactional
	public Optional<UserView> rename(long id, String name) {
		return this.users.findById(id).map((user) -> {
			user.setName(name);
			return UserView.of(user);
		});
	}

}
