package dev.ioboot.test;

import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;

/**
 * The {@code connect_error} a server answered a connection attempt with: an
 * {@link dev.ioboot.IoMiddleware} or the authentication refused it
 * ({@code new Error(message)} with its {@code data} in socket.io's terms), or the
 * namespace does not exist.
 *
 * <pre class="code">
 * client.mutate().auth("clientVersion", "0.9.0").build()
 * 	.expectConnectError()
 * 	.hasMessage("Client version 0.9.0 is no longer supported, please update")
 * 	.data().isEqualTo(Map.of("minimumVersion", "1.0.0", "clientVersion", "0.9.0"));
 * </pre>
 */
public final class IoConnectError {

	private final String message;

	private final Object data;

	private final IoJsonValues values;

	IoConnectError(String message, Object data, IoJsonValues values) {
		this.message = message;
		this.data = data;
		this.values = values;
	}

	/**
	 * Return the error's message.
	 * @return the message
	 */
	public String getMessage() {
		return this.message;
	}

	/**
	 * Return the error's data, as plain Java.
	 * @return the data, or {@code null} when the server sent none
	 */
	public Object getData() {
		return this.data;
	}

	/**
	 * Start assertions on the error's message.
	 * @return an AssertJ assertion on the message
	 */
	public AbstractStringAssert<?> message() {
		return Assertions.assertThat(this.message).as("connect_error message");
	}

	/**
	 * Assert that the error has the given message.
	 * @param expected the expected message
	 * @return this error, for assertions on its data
	 */
	public IoConnectError hasMessage(String expected) {
		message().isEqualTo(expected);
		return this;
	}

	/**
	 * Start assertions on the error's data, as plain Java.
	 * @return an AssertJ assertion on the data
	 */
	public ObjectAssert<Object> data() {
		return Assertions.assertThat(this.data).as("connect_error data");
	}

	/**
	 * Start assertions on a value inside the error's data, such as {@code minimumVersion}.
	 * @param path property names and list indexes, such as {@code limits[0].name}
	 * @return an AssertJ assertion on the value
	 */
	public AbstractObjectAssert<?, Object> extracting(String path) {
		return Assertions.assertThat(IoJsonPath.find(this.data, path, "connect_error data"))
			.as("connect_error data at " + path);
	}

	/**
	 * Start assertions on the error's data converted to the given type by the application's
	 * {@link dev.ioboot.IoJsonMapper}.
	 * @param <T> the type
	 * @param type the type
	 * @return an AssertJ assertion on the converted data
	 */
	public <T> ObjectAssert<T> dataAs(Class<T> type) {
		return Assertions.assertThat(this.values.convert(this.data, type)).as("connect_error data");
	}

	@Override
	public String toString() {
		return "connect_error '" + this.message + "'" + ((this.data != null) ? " " + this.data : "");
	}

}
