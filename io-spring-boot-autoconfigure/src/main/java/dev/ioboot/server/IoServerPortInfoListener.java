package dev.ioboot.server;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Sets {@value #PROPERTY} in the environment when the {@link IoServer} has started, beside
 * Spring Boot's {@code local.server.port} (the {@code server.ports} property source), so
 * that a test can inject the port it listens on with
 * {@code @Value("${local.io.server.port}")}. Parent contexts get it too.
 */
public class IoServerPortInfoListener implements ApplicationListener<IoServerStartedEvent> {

	/** The property holding the port. */
	public static final String PROPERTY = "local.io.server.port";

	private static final String PROPERTY_SOURCE = "server.ports";

	private final ApplicationContext context;

	/**
	 * Create a listener.
	 * @param context the context whose environment (and its parents') gets the property
	 */
	public IoServerPortInfoListener(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(IoServerStartedEvent event) {
		for (ApplicationContext ctx = this.context; ctx != null; ctx = ctx.getParent()) {
			if (ctx instanceof ConfigurableApplicationContext configurable) {
				setPort(configurable.getEnvironment(), event.getPort());
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static void setPort(ConfigurableEnvironment environment, int port) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> source = sources.get(PROPERTY_SOURCE);
		if (source == null) {
			source = new MapPropertySource(PROPERTY_SOURCE, new HashMap<>());
			sources.addFirst(source);
		}
		((Map<String, Object>) source.getSource()).put(PROPERTY, port);
	}

}
