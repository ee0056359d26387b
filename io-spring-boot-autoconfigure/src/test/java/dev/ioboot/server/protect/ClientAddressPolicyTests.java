package dev.ioboot.server.protect;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link ClientAddressPolicy}: CIDR matching, allow and deny lists, and X-Forwarded-For
 * believed from trusted proxies only.
 */
class ClientAddressPolicyTests {

	@Test
	void anyPermitsEveryAddressAndIgnoresForwardedFor() throws Exception {
		assertThat(ClientAddressPolicy.ANY.permits(address("203.0.113.7"))).isTrue();
		assertThat(ClientAddressPolicy.ANY.clientAddress(address("127.0.0.1"), List.of("203.0.113.7")))
			.isEqualTo(address("127.0.0.1"));
	}

	@Test
	void denyWinsOverAllow() throws Exception {
		ClientAddressPolicy policy = ClientAddressPolicy.of(List.of("10.0.0.0/8"), List.of("10.1.0.0/16"), List.of());
		assertThat(policy.permits(address("10.2.3.4"))).isTrue();
		assertThat(policy.permits(address("10.1.3.4"))).isFalse();
		assertThat(policy.permits(address("192.168.0.1"))).as("not in the allow list").isFalse();
	}

	@Test
	void prefixesThatAreNotMultiplesOfEight() throws Exception {
		ClientAddressPolicy policy = ClientAddressPolicy.of(List.of(), List.of("192.168.1.64/26"), List.of());
		assertThat(policy.permits(address("192.168.1.63"))).isTrue();
		assertThat(policy.permits(address("192.168.1.64"))).isFalse();
		assertThat(policy.permits(address("192.168.1.127"))).isFalse();
		assertThat(policy.permits(address("192.168.1.128"))).isTrue();
	}

	@Test
	void ipv6RangesAndIpv4MappedAddresses() throws Exception {
		ClientAddressPolicy policy = ClientAddressPolicy.of(List.of(), List.of("2001:db8::/32", "198.51.100.0/24"),
				List.of());
		assertThat(policy.permits(address("2001:db8:1::5"))).isFalse();
		assertThat(policy.permits(address("2001:db9::5"))).isTrue();
		assertThat(policy.permits(InetAddress.getByAddress(
				new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 198, 51, 100, 4 })))
			.as("IPv4-mapped IPv6 address of a denied IPv4 range")
			.isFalse();
	}

	@Test
	void forwardedForIsBelievedFromTrustedProxiesOnly() throws Exception {
		ClientAddressPolicy policy = ClientAddressPolicy.of(List.of(), List.of(), List.of("127.0.0.1", "10.0.0.0/8"));
		assertThat(policy.clientAddress(address("127.0.0.1"), List.of("203.0.113.7"))).isEqualTo(address("203.0.113.7"));
		assertThat(policy.clientAddress(address("192.0.2.1"), List.of("203.0.113.7")))
			.as("from an untrusted peer the header is ignored")
			.isEqualTo(address("192.0.2.1"));
		assertThat(policy.clientAddress(address("127.0.0.1"), List.of("198.51.100.1, 203.0.113.7, 10.0.0.5")))
			.as("the right-most address that is not a trusted proxy; what the client wrote further left is not believed")
			.isEqualTo(address("203.0.113.7"));
		assertThat(policy.clientAddress(address("127.0.0.1"), List.of("198.51.100.1", "203.0.113.7")))
			.as("several headers read as one list")
			.isEqualTo(address("203.0.113.7"));
		assertThat(policy.clientAddress(address("127.0.0.1"), List.of("not-an-address, 10.0.0.5")))
			.as("a garbage hop stops the walk at the last trusted one")
			.isEqualTo(address("10.0.0.5"));
		assertThat(policy.clientAddress(address("127.0.0.1"), List.of())).isEqualTo(address("127.0.0.1"));
	}

	@Test
	void invalidRangesAreRejectedWithoutLookingUpHostNames() {
		for (String invalid : List.of("", "example.com", "10.0.0.0/33", "10.0.0/8", "256.1.1.1", "2001:db8::/129",
				"10.0.0.0/x", "1.2.3.4.5")) {
			assertThatIllegalArgumentException().as(invalid).isThrownBy(() -> ClientAddressPolicy.validate(invalid));
		}
		ClientAddressPolicy.validate("0.0.0.0/0");
		ClientAddressPolicy.validate("::/0");
		ClientAddressPolicy.validate("[::1]");
	}

	private static InetAddress address(String literal) throws Exception {
		return InetAddress.getByName(literal);
	}

}
