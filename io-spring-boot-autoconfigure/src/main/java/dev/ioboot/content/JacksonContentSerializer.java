package dev.ioboot.content;

import tools.jackson.databind.ObjectMapper;

/**
 * Renders content with a Jackson 3 mapper, normally the application's own, so that the
 * events carry what its REST API returns ({@code @JsonIgnore}, naming strategy and
 * modules honoured).
 */
public final class JacksonContentSerializer implements ContentSerializer {

	private final ObjectMapper mapper;

	/**
	 * Create a serializer.
	 * @param mapper the mapper
	 */
	public JacksonContentSerializer(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public Object toPlainValues(Object content) {
		return this.mapper.convertValue(content, Object.class);
	}

}
