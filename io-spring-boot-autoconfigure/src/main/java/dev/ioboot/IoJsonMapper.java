package dev.ioboot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The Jackson 2 mapper that writes event arguments and converts them to handler parameter
 * types. Jackson 2 ({@code com.fasterxml}) is what netty-socketio speaks; it is kept apart
 * from the Jackson 3 mapper Spring Boot configures for the web layer. Define a bean of this
 * type to replace it.
 */
public final class IoJsonMapper {

	private final ObjectMapper objectMapper;

	/**
	 * Create a mapper around the given Jackson 2 {@link ObjectMapper}.
	 * @param objectMapper the object mapper
	 */
	public IoJsonMapper(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	/**
	 * Create a mapper with the defaults: unknown properties ignored, empty beans allowed.
	 * @return the mapper
	 */
	public static IoJsonMapper withDefaults() {
		ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
		return new IoJsonMapper(mapper);
	}

	/**
	 * Return the Jackson 2 object mapper.
	 * @return the object mapper
	 */
	public ObjectMapper objectMapper() {
		return this.objectMapper;
	}

}
