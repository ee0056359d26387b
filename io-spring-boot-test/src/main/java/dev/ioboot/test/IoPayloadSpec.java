package dev.ioboot.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.ObjectAssert;

/**
 * Expectations on something the test client waits for: the acknowledgement of an
 * {@linkplain IoTestSession#emitWithAck emitted event}, or an
 * {@linkplain IoTestSession#expectEvent event sent by the server}. It is awaited, once, by
 * the first assertion, for at most the client's timeout or the one given to
 * {@link #within(Duration)}; the assertions that follow look at the same arguments.
 *
 * <p>The arguments are plain Java, as JSON reads them: {@link Map}, {@link List},
 * {@link String}, {@link Integer} or {@link Long}, {@link Double}, {@link Boolean},
 * {@code null}, and {@code byte[]} for binary. Expected values are compared as the JSON the
 * application's {@link dev.ioboot.IoJsonMapper} makes of them, so records, maps and beans
 * can be compared with what the server sent.
 *
 * <pre class="code">
 * session.emitWithAck("update-user-name", 1, "Alicia")
 * 	.isEqualTo(Map.of("id", 1, "name", "Alicia"));
 * session.emitWithAck("whoami").extracting("roles").isEqualTo(List.of("public"));
 * session.expectEvent("news").within(Duration.ofSeconds(1)).asType(News.class).extracting(News::title).isEqualTo("hi");
 * </pre>
 */
public final class IoPayloadSpec {

	private final String description;

	private final Function<Duration, Optional<List<Object>>> receiver;

	private final IoJsonValues values;

	private Duration timeout;

	private List<Object> received;

	IoPayloadSpec(String description, Function<Duration, Optional<List<Object>>> receiver, IoJsonValues values,
			Duration timeout) {
		this.description = description;
		this.receiver = receiver;
		this.values = values;
		this.timeout = timeout;
	}

	/**
	 * Wait at most the given time, instead of the client's timeout.
	 * @param timeout how long the expected arguments may take to arrive
	 * @return this spec
	 */
	public IoPayloadSpec within(Duration timeout) {
		Assertions.assertThat(timeout).as("timeout").isPositive();
		this.timeout = timeout;
		return this;
	}

	/**
	 * Return the received arguments, waiting for them if needed.
	 * @return the arguments, as plain Java
	 * @throws AssertionError if nothing arrived in time
	 */
	public List<Object> arguments() {
		if (this.received == null) {
			this.received = this.receiver.apply(this.timeout)
				.orElseThrow(() -> new AssertionError(
						"Expected " + this.description + " within " + this.timeout + " but none arrived"));
		}
		return this.received;
	}

	/**
	 * Assert that the arguments are, in JSON terms, the given ones.
	 * @param expected the expected arguments, in order: as many as were received
	 * @return this spec
	 */
	public IoPayloadSpec isEqualTo(Object... expected) {
		List<Object> plain = new ArrayList<>(expected.length);
		Arrays.stream(expected).forEach((value) -> plain.add(this.values.plain(value)));
		Assertions.assertThat(arguments()).as(this.description).isEqualTo(plain);
		return this;
	}

	/**
	 * Start assertions on all the arguments.
	 * @return an AssertJ assertion on the list of arguments
	 */
	public ListAssert<Object> args() {
		return Assertions.assertThat(arguments()).as(this.description);
	}

	/**
	 * Start assertions on the first argument, as plain Java.
	 * @return an AssertJ assertion on the first argument
	 */
	public ObjectAssert<Object> value() {
		return Assertions.assertThat(first()).as(this.description);
	}

	/**
	 * Start assertions on the first argument converted to the given type by the application's
	 * {@link dev.ioboot.IoJsonMapper}, as handler parameters are.
	 * @param <T> the type
	 * @param type the type, such as a record
	 * @return an AssertJ assertion on the converted value
	 */
	public <T> ObjectAssert<T> asType(Class<T> type) {
		return Assertions.assertThat(convert(type)).as(this.description + " as " + type.getSimpleName());
	}

	/**
	 * Return the first argument converted to the given type, for use beyond assertions.
	 * @param <T> the type
	 * @param type the type
	 * @return the converted value
	 */
	public <T> T convert(Class<T> type) {
		try {
			return this.values.convert(first(), type);
		}
		catch (IllegalArgumentException ex) {
			throw new AssertionError("Cannot convert " + this.description + " " + first() + " to "
					+ type.getName() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Start assertions on a value inside the first argument, found by a path of property names
	 * and list indexes such as {@code user.name} or {@code details[0].field}.
	 * @param path the path
	 * @return an AssertJ assertion on the value found there
	 * @throws AssertionError if the path leads nowhere
	 */
	public AbstractObjectAssert<?, Object> extracting(String path) {
		return Assertions.assertThat(IoJsonPath.find(first(), path, this.description))
			.as(this.description + " at " + path);
	}

	/**
	 * Assert anything about the arguments.
	 * @param requirements assertions on the list of arguments
	 * @return this spec
	 */
	public IoPayloadSpec satisfies(Consumer<List<Object>> requirements) {
		requirements.accept(arguments());
		return this;
	}

	/**
	 * Assert that nothing arrives within the timeout: the server does not acknowledge, or does
	 * not send the event. This waits for the whole timeout: give a short one with
	 * {@link #within(Duration)}.
	 */
	public void isNotReceived() {
		Optional<List<Object>> arrived = this.receiver.apply(this.timeout);
		arrived.ifPresent((args) -> {
			throw new AssertionError(
					"Expected no " + this.description + " within " + this.timeout + " but received " + args);
		});
	}

	private Object first() {
		List<Object> args = arguments();
		if (args.isEmpty()) {
			throw new AssertionError("Expected " + this.description + " to have an argument but it has none");
		}
		return args.get(0);
	}

	@Override
	public String toString() {
		return this.description;
	}

}
