package dev.ioboot.sample.user;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Spring Data repository of {@link User}.
 */
public interface UserRepository extends JpaRepository<User, Long> {

}
