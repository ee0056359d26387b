package dev.ioboot.sample.auth;

import java.util.List;

/**
 * An account that can log in.
 *
 * @param id the numeric id, the {@code id} claim of its tokens
 * @param username the name to log in with, the {@code sub} claim of its tokens
 * @param passwordHash the password, hashed by the {@code PasswordEncoder}
 * @param roles the role names, the {@code roles} claim of its tokens
 */
public record Account(long id, String username, String passwordHash, List<String> roles) {

}
