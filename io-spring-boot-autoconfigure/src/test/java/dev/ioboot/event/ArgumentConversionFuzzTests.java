package dev.ioboot.event;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

import dev.ioboot.IoBroadcast;
import dev.ioboot.IoContext;
import dev.ioboot.IoHandshake;
import dev.ioboot.IoJsonMapper;
import dev.ioboot.IoPrincipal;
import dev.ioboot.IoSocket;
import dev.ioboot.event.IoEventDispatcher.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fuzz test of the handler model's argument conversion: {@link IoEvent} methods with typed
 * parameters, found by the real {@link IoEventAnnotationProcessor} in a bean factory and
 * called through a real {@link IoEventHandlerRegistry}, receive event arguments decoded from
 * fuzzed JSON by the server's Jackson 2 mapper. Each call either reaches the handler with
 * values of the declared types, the same values Jackson converts them to, or is answered with
 * an {@code {"error": "Invalid payload", "details": [...]}} acknowledgement naming the
 * argument; nothing escapes {@link DefaultIoEventDispatcher#onEvent}.
 * <p>
 * An input is an event as a client sends it, {@code ["name", arg, ...]}, then binary
 * attachments after record separators ({@code 0x1e}) that
 * {@code {"_placeholder":true,"num":n}} objects stand for. Without {@code JAZZER_FUZZ} it runs
 * the inputs in {@code src/test/resources/dev/ioboot/event/ArgumentConversionFuzzTestsInputs}.
 */
class ArgumentConversionFuzzTests {

	private static final String REGISTRY_LOGGER = DefaultIoEventDispatcher.class.getName();

	private static final ObjectMapper mapper = IoJsonMapper.withDefaults().objectMapper();

	private static final Handlers handlers = new Handlers();

	private static final IoEventHandlerRegistry registry = new IoEventHandlerRegistry(
			() -> new IoContext(null, null));

	private static final FuzzSocket socket = new FuzzSocket();

	static {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton("handlers", handlers);
		beanFactory.registerSingleton("echoHandler", new EchoHandler());
		new IoEventAnnotationProcessor(beanFactory, registry, mapper, List.of("/")).afterSingletonsInstantiated();
	}

	private static final DefaultIoEventDispatcher dispatcher = new DefaultIoEventDispatcher(registry, List.of());

	/**
	 * The events handled, and the parameters their arguments are converted to, in order.
	 */
	private static final Map<String, List<JavaType>> PARAMETERS = Map.of("point", types(Point.class, String.class),
			"numbers", List.of(mapper.getTypeFactory().constructCollectionType(List.class, Integer.class)), "map",
			List.of(mapper.getTypeFactory().constructMapType(Map.class, String.class, Object.class)), "color",
			types(Color.class), "order", types(Order.class), "primitives",
			types(int.class, long.class, double.class, boolean.class), "bytes", types(byte[].class), "varargs",
			types(String.class), "echo", types());

	private static List<JavaType> types(Class<?>... classes) {
		return Arrays.stream(classes).map(mapper::constructType).toList();
	}

	@BeforeAll
	static void quietWhileFuzzing() {
		// each refused argument is logged with its stack trace: fine for a regression run,
		// a flood when fuzzing
		if (isFuzzing()) {
			LoggingSystem.get(ArgumentConversionFuzzTests.class.getClassLoader())
				.setLogLevel(REGISTRY_LOGGER, LogLevel.OFF);
		}
	}

	@AfterAll
	static void restoreLogging() {
		if (isFuzzing()) {
			LoggingSystem.get(ArgumentConversionFuzzTests.class.getClassLoader()).setLogLevel(REGISTRY_LOGGER, null);
		}
	}

	private static boolean isFuzzing() {
		String fuzz = System.getenv("JAZZER_FUZZ");
		return fuzz != null && !fuzz.isEmpty() && !"0".equals(fuzz);
	}

	@FuzzTest(maxDuration = "3m")
	void eventArguments(byte[] input) throws Exception {
		List<byte[]> parts = split(input);
		List<?> event;
		try {
			event = mapper.readValue(parts.get(0), List.class);
		}
		catch (IOException ex) {
			return;
		}
		if (event == null || event.isEmpty()) {
			return;
		}
		List<byte[]> attachments = parts.subList(1, parts.size());
		List<Object> args = new ArrayList<>();
		for (Object arg : event.subList(1, event.size())) {
			args.add(withAttachments(arg, attachments));
		}
		String name = String.valueOf(event.get(0));
		handlers.calls.clear();
		RecordingAck ack = new RecordingAck();
		Outcome outcome = dispatcher.onEvent(socket, name, args, ack);
		switch (outcome) {
			case UNHANDLED -> {
				assertThat(PARAMETERS).doesNotContainKey(name);
				assertThat(handlers.calls).isEmpty();
				assertThat(ack.sends).isEmpty();
			}
			case FAILED -> {
				assertThat(PARAMETERS).containsKey(name);
				assertThat(handlers.calls).isEmpty();
				assertThat(ack.sends).hasSize(1);
				assertThat(ack.sends.get(0)).hasSize(1);
				assertThat(ack.sends.get(0)[0]).isInstanceOfSatisfying(Map.class, (error) -> {
					assertThat(error).containsOnlyKeys("error", "details");
					assertThat(error.get("error")).isEqualTo("Invalid payload");
					assertThat(error.get("details")).asInstanceOf(InstanceOfAssertFactories.LIST)
						.singleElement()
						.isInstanceOfSatisfying(IoInvalidPayloadException.FieldError.class,
								(detail) -> assertThat(detail.field()).matches("\\[\\d+\\]"));
				});
				assertThat(convertible(name, args)).as("refused arguments %s of '%s'", args, name).isFalse();
			}
			case HANDLED -> {
				assertThat(convertible(name, args)).as("accepted arguments %s of '%s'", args, name).isTrue();
				assertThat(handlers.calls).as("calls of the handler of '%s'", name)
					.hasSize("echo".equals(name) ? 0 : 1);
				assertThat(ack.sends).hasSize(1);
				if (!handlers.calls.isEmpty()) {
					Call call = handlers.calls.get(0);
					assertThat(call.event()).isEqualTo(name);
					assertSameConversion(PARAMETERS.get(name).get(0), args.isEmpty() ? null : args.get(0),
							call.first());
				}
				else {
					assertThat(ack.sends.get(0)).containsExactly(args);
				}
				// the acknowledgement must be something the server can write
				mapper.writeValueAsBytes(ack.sends.get(0));
			}
		}
	}

	/**
	 * Whether Jackson converts each argument to its parameter, the way the handler model
	 * promises: {@code null} or missing is {@code null}, except for primitives.
	 */
	private static boolean convertible(String name, List<Object> args) {
		List<JavaType> types = PARAMETERS.get(name);
		for (int i = 0; i < types.size(); i++) {
			JavaType type = types.get(i);
			Object arg = (i < args.size()) ? args.get(i) : null;
			if (arg == null) {
				if (type.isPrimitive()) {
					return false;
				}
				continue;
			}
			try {
				mapper.convertValue(arg, type);
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}
		return true;
	}

	private static void assertSameConversion(JavaType type, Object arg, Object received) {
		if (arg == null) {
			assertThat(received).isNull();
		}
		else if (type.getRawClass() == byte[].class && arg instanceof byte[]) {
			assertThat(received).isSameAs(arg);
		}
		else {
			assertThat(received).usingRecursiveComparison().isEqualTo(mapper.convertValue(arg, type));
		}
	}

	private static Object withAttachments(Object value, List<byte[]> attachments) {
		if (value instanceof Map<?, ?> map) {
			if (map.size() == 2 && Boolean.TRUE.equals(map.get("_placeholder")) && map.get("num") instanceof Integer num
					&& num >= 0 && num < attachments.size()) {
				return attachments.get(num);
			}
			Map<Object, Object> resolved = new LinkedHashMap<>();
			map.forEach((key, element) -> resolved.put(key, withAttachments(element, attachments)));
			return resolved;
		}
		if (value instanceof List<?> list) {
			List<Object> resolved = new ArrayList<>(list.size());
			list.forEach((element) -> resolved.add(withAttachments(element, attachments)));
			return resolved;
		}
		return value;
	}

	private static List<byte[]> split(byte[] input) {
		List<byte[]> parts = new ArrayList<>();
		int from = 0;
		for (int i = 0; i <= input.length; i++) {
			if (i == input.length || input[i] == 0x1e) {
				parts.add(Arrays.copyOfRange(input, from, i));
				from = i + 1;
			}
		}
		return parts;
	}

	record Point(int x, int y, String label) {

	}

	enum Color {

		RED, GREEN, BLUE

	}

	record Order(String id, List<Point> points, Map<String, Color> colors, byte[] data) {

		Order withoutData() {
			return new Order(this.id, this.points, this.colors, null);
		}

	}

	/**
	 * One handler call: the event and the first payload parameter it received.
	 */
	record Call(String event, Object first) {

	}

	/**
	 * Handlers with typed parameters; each checks what the type system cannot (generic
	 * element types) and records its call.
	 */
	static final class Handlers {

		final List<Call> calls = new ArrayList<>();

		@IoEvent("point")
		Point point(Point point, String unit) {
			this.calls.add(new Call("point", point));
			return point;
		}

		@IoEvent("numbers")
		int numbers(List<Integer> numbers, IoAck ack) {
			this.calls.add(new Call("numbers", numbers));
			if (numbers != null) {
				numbers.forEach((number) -> assertElementType(number, Integer.class));
			}
			return (numbers != null) ? numbers.size() : -1;
		}

		@IoEvent("map")
		Map<String, Object> map(Map<String, Object> map, IoSocket socket) {
			this.calls.add(new Call("map", map));
			assertThat(socket).isSameAs(ArgumentConversionFuzzTests.socket);
			if (map != null) {
				map.keySet().forEach((key) -> assertElementType(key, String.class));
			}
			return map;
		}

		@IoEvent("color")
		Color color(Color color) {
			this.calls.add(new Call("color", color));
			return color;
		}

		@IoEvent("order")
		Object order(IoSocket socket, Order order, IoAck ack) {
			this.calls.add(new Call("order", order));
			if (order != null && order.points() != null) {
				order.points().forEach((point) -> assertElementType(point, Point.class));
			}
			if (order != null && order.colors() != null) {
				order.colors().forEach((key, color) -> {
					assertElementType(key, String.class);
					assertElementType(color, Color.class);
				});
			}
			return (order != null) ? order.id() : null;
		}

		@IoEvent("primitives")
		String primitives(int number, long big, double real, boolean flag) {
			this.calls.add(new Call("primitives", number));
			return number + " " + big + " " + real + " " + flag;
		}

		@IoEvent("bytes")
		void bytes(byte[] data, IoAck ack) {
			this.calls.add(new Call("bytes", data));
			ack.send((data != null) ? data.length : -1);
		}

		@IoEvent("varargs")
		void varargs(IoAck ack, String first, Object... rest) {
			this.calls.add(new Call("varargs", first));
			assertThat(rest).isNotNull();
			ack.send(first, rest.length);
		}

		private static void assertElementType(Object element, Class<?> type) {
			if (element != null && !type.isInstance(element)) {
				fail("a " + element.getClass().getName() + " where the handler declared " + type.getName());
			}
		}

	}

	/**
	 * A handler bean: its arguments come unconverted.
	 */
	@IoEvent("echo")
	static final class EchoHandler implements IoEventHandler {

		@Override
		public Object handle(IoContext ctx, IoSocket socket, Object... args) {
			return Arrays.asList(args);
		}

	}

	/**
	 * The acknowledgement the server gives a handler, recording what it sends.
	 */
	static final class RecordingAck implements IoAck {

		final List<Object[]> sends = new ArrayList<>();

		@Override
		public boolean requested() {
			return true;
		}

		@Override
		public void send(Object... args) {
			// only the first call has an effect, as the interface says
			if (this.sends.isEmpty()) {
				this.sends.add(args);
			}
		}

	}

	/**
	 * The socket handlers are called with: this test's own, on namespace {@code /}.
	 */
	static final class FuzzSocket implements IoSocket {

		private final Map<String, Object> data = new ConcurrentHashMap<>();

		private final Set<String> rooms = new LinkedHashSet<>(Set.of("fuzz"));

		private final IoHandshake handshake = new IoHandshake(Map.of(), Map.of(), Map.of(), "127.0.0.1",
				"/socket.io/?EIO=4&transport=websocket", Instant.EPOCH, false);

		private boolean connected = true;

		@Override
		public String id() {
			return "fuzz";
		}

		@Override
		public String namespace() {
			return "/";
		}

		@Override
		public IoHandshake handshake() {
			return this.handshake;
		}

		@Override
		public IoPrincipal principal() {
			return IoPrincipal.anonymous();
		}

		@Override
		public void emit(String event, Object... args) {
			throw new UnsupportedOperationException("The fuzzed handlers do not emit");
		}

		@Override
		public void join(String... rooms) {
			this.rooms.addAll(List.of(rooms));
		}

		@Override
		public void leave(String... rooms) {
			this.rooms.removeAll(List.of(rooms));
		}

		@Override
		public Set<String> rooms() {
			return Set.copyOf(this.rooms);
		}

		@Override
		public IoBroadcast to(String... rooms) {
			throw new UnsupportedOperationException("The fuzzed handlers do not broadcast");
		}

		@Override
		public boolean connected() {
			return this.connected;
		}

		@Override
		public void disconnect() {
			this.connected = false;
		}

		@Override
		public void disconnect(boolean close) {
			disconnect();
		}

		@Override
		public java.util.concurrent.CompletableFuture<List<Object>> emitWithAck(String event, Object... args) {
			return new java.util.concurrent.CompletableFuture<>();
		}

		@Override
		public dev.ioboot.IoEmitter timeout(java.time.Duration timeout) {
			return this;
		}

		@Override
		public dev.ioboot.IoEmitter droppable() {
			return this;
		}

		@Override
		public dev.ioboot.IoEmitter compress(boolean compress) {
			return this;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T get(String key) {
			return (T) this.data.get(key);
		}

		@Override
		public Map<String, Object> data() {
			return Map.copyOf(this.data);
		}

		@Override
		public void set(String key, Object value) {
			this.data.put(key, value);
		}

	}

}
