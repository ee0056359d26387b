package dev.ioboot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.proxy.HibernateProxy;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.ioboot.Io;
import dev.ioboot.IoJsonMapper;
import dev.ioboot.content.ContentPermissions;
import dev.ioboot.content.ContentSerializer;
import dev.ioboot.content.ContentSubscriptionEvents;
import dev.ioboot.content.IoContentPublisher;
import dev.ioboot.content.JacksonContentSerializer;
import dev.ioboot.content.jpa.HibernateLazyModule;
import dev.ioboot.content.jpa.JpaContentEvents;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of real-time content events: the {@link IoContentPublisher} applications inject to announce
 * changes, Hibernate post-commit listeners for the JPA entities listed in
 * {@code io.content-types}, and the {@code subscribe-entity} / {@code unsubscribe-entity}
 * events.
 */
@AutoConfiguration(after = { IoAutoConfiguration.class, IoSecurityAutoConfiguration.class },
		afterName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass(name = IoAutoConfiguration.NETTY_SOCKETIO)
@ConditionalOnBooleanProperty(name = "io.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ IoContentProperties.class, IoSecurityProperties.class })
@Import({ IoContentAutoConfiguration.HibernateJacksonSerializerConfiguration.class,
		IoContentAutoConfiguration.JacksonSerializerConfiguration.class,
		IoContentAutoConfiguration.IoJsonMapperSerializerConfiguration.class,
		IoContentAutoConfiguration.JpaContentEventsConfiguration.class })
public final class IoContentAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ContentPermissions ioContentPermissions(IoContentProperties content, IoSecurityProperties security) {
		Map<String, Set<String>> tokenTypes = new LinkedHashMap<>();
		List<IoSecurityProperties.ApiToken> tokens = security.getApiTokens();
		for (int i = 0; i < tokens.size(); i++) {
			for (String type : tokens.get(i).getContentTypes()) {
				boolean known = ContentPermissions.ALL_TYPES.equals(type) || content.getContentTypes()
					.stream()
					.anyMatch((configured) -> configured.getType().equalsIgnoreCase(type));
				if (!known) {
					throw new IllegalStateException("io.security.api-tokens[" + i + "].content-types names '" + type
							+ "', which is not in io.content-types");
				}
			}
			tokenTypes.put(tokens.get(i).getName(), tokens.get(i).getContentTypes());
		}
		return new ContentPermissions(content.toContentTypes(), tokenTypes);
	}

	@Bean
	@ConditionalOnMissingBean
	IoContentPublisher ioContentPublisher(Io io, IoContentProperties properties, ContentPermissions permissions,
			ContentSerializer serializer) {
		return new IoContentPublisher(io, properties.toContentTypes(), permissions, serializer,
				properties.getSanitize().getSensitiveFields());
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(ContentTypesConfiguredCondition.class)
	ContentSubscriptionEvents ioContentSubscriptionEvents(IoContentPublisher publisher) {
		return new ContentSubscriptionEvents(publisher);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JsonMapper.class, HibernateProxy.class })
	static class HibernateJacksonSerializerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ContentSerializer ioContentSerializer(ObjectProvider<JsonMapper> mapper) {
			JsonMapper application = mapper.getIfAvailable(() -> JsonMapper.builder().build());
			return new JacksonContentSerializer(application.rebuild().addModule(new HibernateLazyModule()).build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	@ConditionalOnMissingClass("org.hibernate.proxy.HibernateProxy")
	static class JacksonSerializerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ContentSerializer ioContentSerializer(ObjectProvider<JsonMapper> mapper) {
			return new JacksonContentSerializer(mapper.getIfAvailable(() -> JsonMapper.builder().build()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
	static class IoJsonMapperSerializerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ContentSerializer ioContentSerializer(IoJsonMapper json) {
			return (content) -> json.objectMapper().convertValue(content, Object.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ EntityManagerFactory.class, SessionFactoryImplementor.class })
	static class JpaContentEventsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JpaContentEvents ioJpaContentEvents(ObjectProvider<EntityManagerFactory> entityManagerFactory,
				IoContentProperties properties, IoContentPublisher publisher) {
			EntityManagerFactory factory = entityManagerFactory.getIfUnique();
			if (factory == null) {
				return null;
			}
			JpaContentEvents events = new JpaContentEvents(factory, properties.toContentTypes());
			events.register(factory, publisher);
			return events;
		}

	}

}
