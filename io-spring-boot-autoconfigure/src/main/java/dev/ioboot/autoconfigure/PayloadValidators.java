package dev.ioboot.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Finds the application's validator for {@code @Valid} handler parameters: its one Bean
 * Validation {@code Validator} (Spring Boot's {@code defaultValidator} when
 * spring-boot-starter-validation is there), else its one Spring {@link SmartValidator}. Plain
 * Spring {@link Validator}s are not candidates: configuration properties classes (such as
 * {@code IoProperties}) implement that interface to check themselves.
 */
final class PayloadValidators {

	private static final boolean beanValidationPresent = ClassUtils.isPresent("jakarta.validation.Validator",
			PayloadValidators.class.getClassLoader());

	private PayloadValidators() {
	}

	static Validator find(ListableBeanFactory beanFactory) {
		if (beanValidationPresent) {
			Validator validator = BeanValidation.find(beanFactory);
			if (validator != null) {
				return validator;
			}
		}
		return beanFactory.getBeanProvider(SmartValidator.class).getIfUnique();
	}

	/**
	 * Loaded only when Bean Validation is on the class path.
	 */
	private static final class BeanValidation {

		static Validator find(ListableBeanFactory beanFactory) {
			jakarta.validation.Validator validator = beanFactory.getBeanProvider(jakarta.validation.Validator.class)
				.getIfUnique();
			if (validator == null) {
				return null;
			}
			return (validator instanceof Validator spring) ? spring : new SpringValidatorAdapter(validator);
		}

	}

}
