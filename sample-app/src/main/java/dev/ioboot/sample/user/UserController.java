package dev.ioboot.sample.user;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP view of the users, to check what Socket.IO handlers changed.
 */
@RestController
@RequestMapping("/api/users")
public class UserController {

	private final UserService users;

	public UserController(UserService users) {
		this.users = users;
	}

	@GetMapping("/{id}")
	public ResponseEntity<UserView> get(@PathVariable long id) {
		return ResponseEntity.of(this.users.find(id));
	}

}
