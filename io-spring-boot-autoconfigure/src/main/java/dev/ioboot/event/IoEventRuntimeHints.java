package dev.ioboot.event;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints for what the event layer itself serializes with Jackson: the details of an
 * {@link IoInvalidPayloadException} acknowledged to clients.
 */
final class IoEventRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				IoInvalidPayloadException.FieldError.class);
	}

}
