package dev.ioboot.autoconfigure;

import java.util.Map;

import jakarta.persistence.EntityManagerFactory;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.ioboot.content.ContentAction;
import dev.ioboot.content.ContentPermissions;
import dev.ioboot.content.ContentSerializer;
import dev.ioboot.content.ContentSubscriptionEvents;
import dev.ioboot.content.IoContentPublisher;
import dev.ioboot.content.app.ContentTestApplication;
import dev.ioboot.content.jpa.JpaContentEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link IoContentAutoConfiguration}.
 */
class IoContentAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IoAutoConfiguration.class, IoSecurityAutoConfiguration.class,
				IoContentAutoConfiguration.class))
		.withPropertyValues("io.socket.server-options.port=0");

	@Test
	void withoutJpaContentTypesServeIoEmitContent() {
		this.runner.withClassLoader(new FilteredClassLoader(EntityManagerFactory.class))
			.withPropertyValues("io.content-types[0]=price", "io.content-types[1].type=order",
					"io.content-types[1].actions=create,delete", "io.content-types[1].roles=Back Office",
					"io.security.api-tokens[0].name=feed", "io.security.api-tokens[0].token=t",
					"io.security.api-tokens[0].content-types=*")
			.run((context) -> {
				assertThat(context).hasSingleBean(IoContentPublisher.class).doesNotHaveBean(JpaContentEvents.class);
				IoContentPublisher publisher = context.getBean(IoContentPublisher.class);
				assertThat(publisher.types().get("order").actions()).containsExactly(ContentAction.CREATE,
						ContentAction.DELETE);
				ContentPermissions permissions = context.getBean(ContentPermissions.class);
				assertThat(permissions.readers("price")).containsExactly("io-authenticated", "io-token-feed");
				assertThat(permissions.readers("order")).containsExactly("io-role-back-office", "io-token-feed");
				publisher.emitContent("price", ContentAction.UPDATE, Map.of("id", 1));
				assertThatIllegalArgumentException()
					.isThrownBy(() -> publisher.emitContent("unknown", ContentAction.CREATE, Map.of()))
					.withMessageContaining("Unknown content type 'unknown'");
			});
	}

	@Test
	void startsWithoutJackson3AndWithoutContentTypes() {
		this.runner.withClassLoader(new FilteredClassLoader(JsonMapper.class, EntityManagerFactory.class))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ContentSerializer.class)
					.hasSingleBean(IoContentPublisher.class)
					.doesNotHaveBean(ContentSubscriptionEvents.class);
				assertThat(context.getBean(ContentSerializer.class).toPlainValues(new Price(7, "EUR")))
					.isEqualTo(Map.of("amount", 7, "currency", "EUR"));
			});
	}

	@Test
	void subscriptionsComeWithContentTypes() {
		this.runner.withPropertyValues("io.content-types[0]=price")
			.withClassLoader(new FilteredClassLoader(EntityManagerFactory.class))
			.run((context) -> assertThat(context).hasSingleBean(ContentSubscriptionEvents.class));
	}

	@Test
	void typeNamesAreValidated() {
		this.runner.withPropertyValues("io.content-types[0]=blog:post")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining(
						"io.content-types[0] 'blog:post' must be a name of letters, digits, '_' and '-', starting with a letter"));
	}

	@Test
	void theApplicationsSerializerIsUsed() {
		ContentSerializer mine = (content) -> Map.of("rendered", true);
		this.runner.withBean(ContentSerializer.class, () -> mine)
			.run((context) -> assertThat(context.getBean(ContentSerializer.class)).isSameAs(mine));
	}

	@Test
	void unknownActionFailsStartupNamingTheEntry() {
		this.runner.withPropertyValues("io.content-types[0].type=article", "io.content-types[0].actions=create,publish")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'io.content-types[0].actions'")
				.hasStackTraceContaining("value [publish]"));
	}

	@Test
	void tokenNamingAnUnlistedTypeFailsStartup() {
		this.runner.withPropertyValues("io.content-types[0]=article", "io.security.api-tokens[0].name=feed",
				"io.security.api-tokens[0].token=t", "io.security.api-tokens[0].content-types=articles")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("io.security.api-tokens[0].content-types names 'articles', which is not in io.content-types"));
	}

	@Test
	void unknownEntityNameFailsStartupNamingTheEntry() {
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> new SpringApplicationBuilder(ContentTestApplication.class).web(WebApplicationType.NONE)
				.properties("io.socket.server-options.port=0", "io.content-types[0]=post", "io.content-types[1]=comment")
				.run()
				.close())
			.havingRootCause()
			.withMessage("io.content-types[1] 'comment' is not a JPA entity name; the entities are [Author, Post]");
	}

	record Price(int amount, String currency) {
	}

}
