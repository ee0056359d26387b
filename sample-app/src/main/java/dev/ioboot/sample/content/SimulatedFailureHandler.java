package dev.ioboot.sample.content;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link SimulatedFailureException} with 500 and {@code {"error": "..."}}, logged in
 * one line rather than as a stack trace.
 */
@RestControllerAdvice(assignableTypes = { ArticleController.class, NoteController.class })
public class SimulatedFailureHandler {

	private static final Logger logger = LoggerFactory.getLogger(SimulatedFailureHandler.class);

	@ExceptionHandler
	public ResponseEntity<Map<String, String>> simulatedFailure(SimulatedFailureException ex) {
		logger.info("[sample] {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("error", ex.getMessage()));
	}

}
