package dev.ioboot.sample.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the Socket.IO Admin UI's files (copied into {@code static/admin-ui} by the build) at
 * {@code /admin-ui/} in the {@code admin-ui} profile.
 */
@Configuration(proxyBeanMethods = false)
@Profile("admin-ui")
class AdminUiPage implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/admin-ui", "/admin-ui/");
		registry.addViewController("/admin-ui/").setViewName("forward:/admin-ui/index.html");
	}

}
