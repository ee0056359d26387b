package dev.ioboot.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event whose arguments do not fit the handler: an argument that cannot be converted to
 * its parameter's type, or a {@code @Valid} / {@code @Validated} parameter that breaks its
 * constraints. The handler is not called; the acknowledgement is
 * {@code {"error": "Invalid payload", "details": [{"field": ..., "message": ...}]}}. An
 * {@link IoExceptionHandler} may claim it to answer otherwise.
 */
public class IoInvalidPayloadException extends IoEventException {

	private final List<FieldError> details;

	/**
	 * Create an exception.
	 * @param details what is wrong, one entry per field
	 */
	public IoInvalidPayloadException(List<FieldError> details) {
		super("Invalid payload");
		this.details = List.copyOf(details);
	}

	/**
	 * Return what is wrong.
	 * @return one entry per field
	 */
	public List<FieldError> getDetails() {
		return this.details;
	}

	@Override
	public Object toAck() {
		Map<String, Object> ack = new LinkedHashMap<>();
		ack.put("error", getMessage());
		ack.put("details", this.details);
		return ack;
	}

	/**
	 * One thing wrong with a payload.
	 *
	 * @param field the field's path, such as {@code name} or {@code address.city}; the
	 * argument's position ({@code [0]}) when the whole argument is wrong
	 * @param message what is wrong, such as {@code must not be blank}
	 */
	public record FieldError(String field, String message) {

	}

}
