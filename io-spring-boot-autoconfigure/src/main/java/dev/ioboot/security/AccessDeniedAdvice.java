package dev.ioboot.security;

import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;

import dev.ioboot.event.IoControllerAdvice;
import dev.ioboot.event.IoExceptionHandler;

/**
 * Acknowledges an event that method security refused with {@code {"error": "Forbidden"}},
 * whatever Spring Security's message says. Asked after the application's own advice.
 */
@IoControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class AccessDeniedAdvice {

	/**
	 * Answer a refused event.
	 * @return {@code {"error": "Forbidden"}}
	 */
	@IoExceptionHandler({ AccessDeniedException.class, AuthenticationException.class })
	public Map<String, String> forbidden() {
		return Map.of("error", "Forbidden");
	}

}
