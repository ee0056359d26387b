package dev.ioboot.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.observation.ConnectionObservationListener;
import dev.ioboot.observation.DefaultIoConnectionObservationConvention;
import dev.ioboot.observation.DefaultIoEventObservationConvention;
import dev.ioboot.observation.IoConnectionObservationConvention;
import dev.ioboot.observation.IoEventObservationConvention;
import dev.ioboot.observation.MdcHandlerDecorator;
import dev.ioboot.observation.ObservationHandlerDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IoObservationAutoConfiguration}.
 */
class IoObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IoAutoConfiguration.class, IoObservationAutoConfiguration.class))
		.withPropertyValues("io.socket.server-options.port=0");

	private final ApplicationContextRunner withBootObservation = this.runner
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class));

	@Test
	void observesThroughSpringBootsObservationRegistry() {
		this.withBootObservation.run((context) -> {
			assertThat(context).hasSingleBean(ObservationRegistry.class)
				.hasSingleBean(ObservationHandlerDecorator.class)
				.hasSingleBean(ConnectionObservationListener.class)
				.hasSingleBean(MdcHandlerDecorator.class);
			assertThat(context.getBean(ObservationHandlerDecorator.class))
				.hasFieldOrPropertyWithValue("registry", context.getBean(ObservationRegistry.class))
				.hasFieldOrPropertyWithValue("convention", null);
		});
	}

	@Test
	void observesThroughTheApplicationsObservationRegistry() {
		this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			assertThat(context).hasSingleBean(ObservationHandlerDecorator.class)
				.hasSingleBean(ConnectionObservationListener.class);
			assertThat(context.getBean(ConnectionObservationListener.class))
				.hasFieldOrPropertyWithValue("registry", context.getBean(TestObservationRegistry.class));
		});
	}

	@Test
	void withoutAnObservationRegistryOnlyTheMdcIsSet() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ObservationHandlerDecorator.class)
			.doesNotHaveBean(ConnectionObservationListener.class)
			.hasSingleBean(MdcHandlerDecorator.class));
	}

	@Test
	void withoutMicrometerObservationOnTheClassPathOnlyTheMdcIsSet() {
		this.withBootObservation.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ObservationHandlerDecorator.class)
				.doesNotHaveBean(ConnectionObservationListener.class)
				.hasSingleBean(MdcHandlerDecorator.class));
	}

	@Test
	void usesTheApplicationsConventions() {
		this.withBootObservation.withUserConfiguration(Conventions.class).run((context) -> {
			assertThat(context.getBean(ObservationHandlerDecorator.class)).hasFieldOrPropertyWithValue("convention",
					context.getBean(IoEventObservationConvention.class));
			assertThat(context.getBean(ConnectionObservationListener.class))
				.hasFieldOrPropertyWithValue("convention", context.getBean(IoConnectionObservationConvention.class));
		});
	}

	@Test
	void backsOffFromTheApplicationsBeans() {
		this.withBootObservation.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(ObservationHandlerDecorator.class)
				.hasSingleBean(ConnectionObservationListener.class)
				.hasSingleBean(MdcHandlerDecorator.class);
			assertThat(context).getBean("ownDecorator").isSameAs(context.getBean(ObservationHandlerDecorator.class));
			assertThat(context).getBean("ownListener").isSameAs(context.getBean(ConnectionObservationListener.class));
			assertThat(context).getBean("ownMdc").isSameAs(context.getBean(MdcHandlerDecorator.class));
		});
	}

	@Test
	void nothingWhenTheStarterIsDisabled() {
		this.withBootObservation.withPropertyValues("io.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservationHandlerDecorator.class)
				.doesNotHaveBean(ConnectionObservationListener.class)
				.doesNotHaveBean(MdcHandlerDecorator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Conventions {

		@Bean
		IoEventObservationConvention eventConvention() {
			return new DefaultIoEventObservationConvention() {

				@Override
				public String getName() {
					return "chat.event";
				}

			};
		}

		@Bean
		IoConnectionObservationConvention connectionConvention() {
			return new DefaultIoConnectionObservationConvention() {

				@Override
				public String getName() {
					return "chat.connection";
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		@Bean
		ObservationHandlerDecorator ownDecorator() {
			return new ObservationHandlerDecorator(ObservationRegistry.NOOP, null, 10);
		}

		@Bean
		ConnectionObservationListener ownListener() {
			return new ConnectionObservationListener(ObservationRegistry.NOOP, null);
		}

		@Bean
		MdcHandlerDecorator ownMdc() {
			return new MdcHandlerDecorator();
		}

	}

}
