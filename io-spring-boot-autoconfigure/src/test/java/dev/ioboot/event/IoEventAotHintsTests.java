package dev.ioboot.event;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.util.ReflectionUtils;

import dev.ioboot.IoSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints the starter contributes when an application is processed ahead of time
 * (as {@code spring-boot:process-aot} does), found through {@code META-INF/spring/aot.factories}.
 */
class IoEventAotHintsTests {

	private RuntimeHints hints;

	@BeforeEach
	void processAheadOfTime() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.registerBean("chat", ChatHandlers.class);
		context.registerBean("plain", Plain.class);
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("dev.ioboot.aot", "Test")), new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		this.hints = generation.getRuntimeHints();
	}

	@Test
	void handlerMethodsMayBeInvokedReflectively() {
		assertThat(invocable("rename")).accepts(this.hints);
		assertThat(invocable("renameAll")).accepts(this.hints);
		assertThat(invocable("later")).accepts(this.hints);
		assertThat(invocable("reactive")).accepts(this.hints);
		assertThat(invocable("fromAnotherNode")).accepts(this.hints);
		assertThat(invocable("refused")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ChatHandlers.class, "helper"))
			.rejects(this.hints);
	}

	@Test
	void payloadTypesAndTheirPropertiesAreRegisteredForJacksonBinding() {
		assertThat(RuntimeHintsPredicates.reflection().onType(Rename.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Rename.class, "name")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Address.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Ping.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Tag.class)).accepts(this.hints);
	}

	@Test
	void acknowledgedTypesAreRegisteredForJacksonBinding() {
		assertThat(RuntimeHintsPredicates.reflection().onType(Renamed.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Renamed.class, "previous"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Later.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Reactive.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Refusal.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Summary.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(CompletableFuture.class)).rejects(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Mono.class)).rejects(this.hints);
	}

	@Test
	void whatTheSocketSuppliesIsNotBound() {
		assertThat(RuntimeHintsPredicates.reflection().onType(IoSocket.class)).rejects(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(IoAck.class)).rejects(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(IllegalStateException.class)).rejects(this.hints);
	}

	@Test
	void beansWithoutHandlersContributeNothing() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Plain.class, "helper")).rejects(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Unrelated.class)).rejects(this.hints);
	}

	@Test
	void validationErrorsAcknowledgedToClientsAreRegisteredForJacksonBinding() {
		assertThat(RuntimeHintsPredicates.reflection().onType(IoInvalidPayloadException.FieldError.class))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(IoInvalidPayloadException.FieldError.class, "message")).accepts(this.hints);
	}

	@Test
	void virtualThreadMethodsReachedByReflectionAreRegistered() {
		assertThat(this.hints.reflection().getTypeHint(Thread.class).methods())
			.anySatisfy((method) -> assertThat(method.getName()).isEqualTo("ofVirtual"));
		assertThat(this.hints.reflection().getTypeHint(TypeReference.of("java.lang.Thread$Builder")).methods())
			.extracting("name")
			.contains("name", "factory");
		assertThat(this.hints.reflection().getTypeHint(Executors.class).methods()).extracting("name")
			.contains("newThreadPerTaskExecutor");
	}

	private static java.util.function.Predicate<RuntimeHints> invocable(String name) {
		Method method = List.of(ReflectionUtils.getDeclaredMethods(ChatHandlers.class))
			.stream()
			.filter((candidate) -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow();
		return RuntimeHintsPredicates.reflection().onMethodInvocation(method);
	}

	static class ChatHandlers {

		@IoEvent("rename")
		Renamed rename(IoSocket socket, Rename rename, IoAck unused) {
			return new Renamed(rename.name(), "before");
		}

		@IoEvent("rename-all")
		CompletableFuture<List<Summary>> renameAll(List<Tag> tags) {
			return CompletableFuture.completedFuture(List.of());
		}

		@IoEvent("later")
		CompletableFuture<Later> later(Ping ping) {
			return CompletableFuture.completedFuture(new Later(ping.at()));
		}

		@IoEvent("reactive")
		Mono<Reactive> reactive() {
			return Mono.just(new Reactive(true));
		}

		@IoServerEvent("from-another-node")
		void fromAnotherNode(Ping ping) {
		}

		@IoExceptionHandler
		Refusal refused(IllegalStateException ex) {
			return new Refusal("no");
		}

		Unrelated helper() {
			return new Unrelated();
		}

	}

	static class Plain {

		Unrelated helper() {
			return new Unrelated();
		}

	}

	record Rename(String name, Address address) {
	}

	record Address(String city) {
	}

	record Renamed(String name, String previous) {
	}

	record Ping(long at) {
	}

	record Tag(String label) {
	}

	record Summary(int renamed) {
	}

	record Later(long at) {
	}

	record Reactive(boolean ok) {
	}

	record Refusal(String error) {
	}

	static class Unrelated {

	}

}
