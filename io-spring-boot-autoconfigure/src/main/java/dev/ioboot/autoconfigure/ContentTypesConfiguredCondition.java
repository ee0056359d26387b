package dev.ioboot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code io.content-types} lists at least one content type.
 */
class ContentTypesConfiguredCondition extends SpringBootCondition {

	private static final ConfigurationPropertyName CONTENT_TYPES = ConfigurationPropertyName.of("io.content-types");

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(context.getEnvironment())) {
			if (source.containsDescendantOf(CONTENT_TYPES) == ConfigurationPropertyState.PRESENT) {
				return ConditionOutcome.match("io.content-types is set");
			}
		}
		return ConditionOutcome.noMatch("io.content-types is not set");
	}

}
