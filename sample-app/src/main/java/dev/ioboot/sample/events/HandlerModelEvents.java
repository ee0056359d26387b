package dev.ioboot.sample.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import reactor.core.publisher.Mono;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;

import dev.ioboot.IoPrincipal;
import dev.ioboot.event.IoEvent;
import dev.ioboot.event.IoEventException;
import dev.ioboot.event.IoExceptionHandler;

/**
 * The handler model as a Spring developer writes it: asynchronous acknowledgements,
 * parameters that come from the socket, method security, validation, exceptions that leak
 * nothing, exception handlers, and a handler that sends no acknowledgement.
 */
@Component
public class HandlerModelEvents {

	/**
	 * {@code async-echo (...args)}: acknowledges 50 ms later, from another thread, with the
	 * arguments as one array.
	 * @param args the event arguments
	 * @return the acknowledgement, once complete
	 */
	@IoEvent("async-echo")
	public CompletableFuture<List<Object>> asyncEcho(Object... args) {
		return CompletableFuture.supplyAsync(() -> List.of(args),
				CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
	}

	/**
	 * {@code mono-echo (x)}: acknowledges with {@code x} 20 ms later.
	 * @param x the argument
	 * @return the acknowledgement
	 */
	@IoEvent("mono-echo")
	public Mono<Object> monoEcho(Object x) {
		return Mono.justOrEmpty(x).delayElement(Duration.ofMillis(20));
	}

	/**
	 * {@code who-am-i-param (...)}: who the socket authenticated as; whatever the client
	 * sends cannot change it.
	 * @param principal the socket's principal
	 * @param ignored the event arguments
	 * @return {@code {"name", "roles"}}, roles sorted
	 */
	@IoEvent("who-am-i-param")
	public Identity whoAmIParam(IoPrincipal principal, Object... ignored) {
		return new Identity(principal.name(), principal.roles().stream().sorted().toList());
	}

	/**
	 * {@code editor-only ()}: for editors; others are acknowledged {@code {"error": "Forbidden"}}.
	 * @return {@code {"ok": true}}
	 */
	@IoEvent("editor-only")
	@PreAuthorize("hasRole('editor')")
	public Map<String, Boolean> editorOnly() {
		return Map.of("ok", true);
	}

	/**
	 * {@code create-profile (profile)}: a validated payload; an invalid one is acknowledged
	 * {@code {"error": "Invalid payload", "details": [...]}} and never reaches this method.
	 * @param profile the profile
	 * @return {@code {"ok": true, "name"}}
	 */
	@IoEvent("create-profile")
	public Map<String, Object> createProfile(@Valid Profile profile) {
		return Map.of("ok", true, "name", profile.name());
	}

	/**
	 * {@code fail-internal ()}: fails with a message no client may read; the acknowledgement
	 * is {@code {"error": "Internal server error"}} and the log has the exception.
	 */
	@IoEvent("fail-internal")
	public void failInternal() {
		throw new IllegalStateException("jdbc:secret-host password=hunter2");
	}

	/**
	 * {@code fail-public ()}: refuses with a message meant for the client.
	 */
	@IoEvent("fail-public")
	public void failPublic() {
		throw new IoEventException("Nope");
	}

	/**
	 * {@code fail-handled ()}: fails with an application exception that
	 * {@link #refused(QuotaExceededException)} answers.
	 */
	@IoEvent("fail-handled")
	public void failHandled() {
		throw new QuotaExceededException(42);
	}

	/**
	 * {@code no-ack ()}: does its work and never acknowledges, as a Node listener that never
	 * calls its callback: a client waiting with {@code timeout(ms).emitWithAck} times out.
	 */
	@IoEvent("no-ack")
	public void noAck() {
	}

	/**
	 * Answers this bean's {@link QuotaExceededException}s.
	 * @param ex the exception
	 * @return {@code {"error": "handled", "code"}}
	 */
	@IoExceptionHandler
	public Map<String, Object> refused(QuotaExceededException ex) {
		return Map.of("error", "handled", "code", ex.code());
	}

	/**
	 * The acknowledgement of {@code who-am-i-param}.
	 *
	 * @param name the user's name, {@code null} when anonymous
	 * @param roles the roles, sorted
	 */
	public record Identity(String name, List<String> roles) {

	}

	/**
	 * The payload of {@code create-profile}.
	 *
	 * @param name the name, not blank
	 * @param age the age, 0 to 150
	 */
	public record Profile(@NotBlank String name, @Min(0) @Max(150) Integer age) {

	}

	/**
	 * An application exception with a code for the client.
	 */
	public static class QuotaExceededException extends RuntimeException {

		private final int code;

		QuotaExceededException(int code) {
			super("Quota exceeded");
			this.code = code;
		}

		int code() {
			return this.code;
		}

	}

}
