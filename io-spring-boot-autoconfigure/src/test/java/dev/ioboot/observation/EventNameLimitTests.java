package dev.ioboot.observation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventNameLimit}.
 */
class EventNameLimitTests {

	@Test
	void keepsTheFirstNamesAndCallsTheRestOther() {
		EventNameLimit limit = new EventNameLimit(2);
		assertThat(limit.value("a")).isEqualTo("a");
		assertThat(limit.value("b")).isEqualTo("b");
		assertThat(limit.value("c")).isEqualTo(EventNameLimit.OTHER);
		assertThat(limit.value("a")).isEqualTo("a");
	}

	@Test
	void longNamesAreOther() {
		EventNameLimit limit = new EventNameLimit(10);
		assertThat(limit.value("x".repeat(101))).isEqualTo(EventNameLimit.OTHER);
		assertThat(limit.value("x".repeat(100))).isEqualTo("x".repeat(100));
	}

}
