package dev.ioboot.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ioboot.observation.ConnectionObservationListener;
import dev.ioboot.observation.IoConnectionObservationConvention;
import dev.ioboot.observation.IoEventObservationConvention;
import dev.ioboot.observation.MdcHandlerDecorator;
import dev.ioboot.observation.ObservationHandlerDecorator;
import dev.ioboot.server.IoServer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the Socket.IO server's observability: {@code io.event} and {@code io.connection}
 * observations through the application's {@link ObservationRegistry}, with the conventions
 * of {@link IoEventObservationConvention} and {@link IoConnectionObservationConvention}
 * beans if there are any, and the socket and event in the SLF4J MDC of handlers.
 */
@AutoConfiguration(after = IoAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(IoServer.class)
@ConditionalOnBean(IoServer.class)
public final class IoObservationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ObservationHandlerDecorator ioObservationHandlerDecorator(ObservationRegistry observationRegistry,
				ObjectProvider<IoEventObservationConvention> convention, IoProperties properties) {
			return new ObservationHandlerDecorator(observationRegistry, convention.getIfUnique(),
					properties.getMetrics().getMaxEventNames());
		}

		@Bean
		@ConditionalOnMissingBean
		ConnectionObservationListener ioConnectionObservationListener(IoServer ioServer,
				ObservationRegistry observationRegistry, ObjectProvider<IoConnectionObservationConvention> convention) {
			ConnectionObservationListener listener = new ConnectionObservationListener(observationRegistry,
					convention.getIfUnique());
			ioServer.addListener(listener);
			return listener;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MDC.class)
	static class MdcConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MdcHandlerDecorator ioMdcHandlerDecorator() {
			return new MdcHandlerDecorator();
		}

	}

}
