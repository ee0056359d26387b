package dev.ioboot.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata generated for IDEs describes every {@code io.*} key.
 */
class IoPropertiesMetadataTests {

	@Test
	@SuppressWarnings("unchecked")
	void everyKeyHasADescription() throws Exception {
		Map<String, Object> metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata").isNotNull();
			metadata = new ObjectMapper().readValue(in, Map.class);
		}
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		List<String> names = new ArrayList<>();
		for (Map<String, Object> property : properties) {
			names.add((String) property.get("name"));
			assertThat((String) property.get("description")).as(property.get("name") + " description").isNotBlank();
		}
		assertThat(names).contains("io.enabled", "io.socket.server-options.port", "io.socket.server-options.path",
				"io.socket.server-options.parser",
				"io.socket.server-options.transports", "io.socket.server-options.ping-interval",
				"io.socket.server-options.ping-timeout", "io.socket.server-options.connect-timeout",
				"io.socket.server-options.max-payload", "io.socket.server-options.cors.origins",
				"io.socket.server-options.cors.methods", "io.socket.server-options.cors.allow-credentials",
				"io.namespaces", "io.adapter.type");
	}

}
