package dev.ioboot.adapter.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

/**
 * Reads a Redis stream from its end on a thread of its own, with blocking {@code XREAD}s on a
 * connection of its own, and hands each entry on in stream order. After a failure it reads on
 * from the last entry it handed on, once a second, until Redis answers again.
 */
final class StreamReader implements Runnable {

	private static final long RETRY_MILLIS = 1000;

	private final RedisConnectionFactory connectionFactory;

	private final byte[] stream;

	private final StreamReadOptions options;

	private final BiConsumer<String, Map<String, String>> onEntry;

	private final Runnable onRead;

	private final Consumer<Throwable> onFailure;

	private volatile boolean running = true;

	private volatile Thread thread;

	private String offset = "$";

	/**
	 * Create a reader.
	 * @param connectionFactory gives the reader its connection
	 * @param stream the stream's key
	 * @param count the most entries one read returns
	 * @param block the longest a read waits for entries
	 * @param onEntry given each entry's id and fields, on the reader's thread
	 * @param onRead told after each read that succeeded
	 * @param onFailure told each failed read
	 */
	StreamReader(RedisConnectionFactory connectionFactory, String stream, int count, Duration block,
			BiConsumer<String, Map<String, String>> onEntry, Runnable onRead, Consumer<Throwable> onFailure) {
		this.connectionFactory = connectionFactory;
		this.stream = stream.getBytes(StandardCharsets.UTF_8);
		this.options = StreamReadOptions.empty().count(count).block(block);
		this.onEntry = onEntry;
		this.onRead = onRead;
		this.onFailure = onFailure;
	}

	void start(String name) {
		Thread reader = new Thread(this, name);
		reader.setDaemon(true);
		this.thread = reader;
		reader.start();
	}

	void stop() {
		this.running = false;
		Thread reader = this.thread;
		if (reader != null) {
			reader.interrupt();
			try {
				reader.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void run() {
		while (this.running) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				while (this.running) {
					read(connection);
				}
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				this.onFailure.accept(ex);
				pause();
			}
		}
	}

	@SuppressWarnings("unchecked")
	private void read(RedisConnection connection) {
		List<ByteRecord> records = connection.streamCommands()
			.xRead(this.options, StreamOffset.create(this.stream, ReadOffset.from(this.offset)));
		this.onRead.run();
		if (records == null) {
			return;
		}
		for (ByteRecord record : records) {
			Map<String, String> fields = new LinkedHashMap<>();
			record.getValue()
				.forEach((name, value) -> fields.put(new String(name, StandardCharsets.UTF_8),
						new String(value, StandardCharsets.UTF_8)));
			this.offset = record.getId().getValue();
			this.onEntry.accept(this.offset, fields);
		}
	}

	private void pause() {
		try {
			Thread.sleep(RETRY_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}
