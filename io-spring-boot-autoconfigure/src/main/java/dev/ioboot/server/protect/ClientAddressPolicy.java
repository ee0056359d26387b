package dev.ioboot.server.protect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which client addresses may connect, and how to find a client's address behind proxies.
 * Addresses and ranges are written in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32})
 * or as single addresses. The {@code X-Forwarded-For} header is believed only when the
 * connection comes from a trusted proxy: the client is then the right-most address in it that
 * is not itself a trusted proxy.
 */
public final class ClientAddressPolicy {

	/**
	 * Policy that admits every address and trusts no proxy.
	 */
	public static final ClientAddressPolicy ANY = new ClientAddressPolicy(List.of(), List.of(), List.of());

	private final List<Range> allow;

	private final List<Range> deny;

	private final List<Range> trustedProxies;

	private ClientAddressPolicy(List<Range> allow, List<Range> deny, List<Range> trustedProxies) {
		this.allow = allow;
		this.deny = deny;
		this.trustedProxies = trustedProxies;
	}

	/**
	 * Create a policy.
	 * @param allow the ranges clients must come from; empty for any
	 * @param deny the ranges clients may not come from, even when allowed
	 * @param trustedProxies the ranges of the proxies whose {@code X-Forwarded-For} is believed
	 * @return the policy
	 * @throws IllegalArgumentException if a range is not an IP address or CIDR range
	 */
	public static ClientAddressPolicy of(Collection<String> allow, Collection<String> deny,
			Collection<String> trustedProxies) {
		return new ClientAddressPolicy(ranges(allow), ranges(deny), ranges(trustedProxies));
	}

	/**
	 * Check that a value is an IP address or CIDR range, without resolving host names.
	 * @param value the value
	 * @throws IllegalArgumentException if it is not
	 */
	public static void validate(String value) {
		Range.parse(value);
	}

	/**
	 * Return whether a client address may connect.
	 * @param client the client address
	 * @return {@code false} if it is denied, or not allowed when an allow list is set
	 */
	public boolean permits(InetAddress client) {
		if (matches(this.deny, client)) {
			return false;
		}
		return this.allow.isEmpty() || matches(this.allow, client);
	}

	/**
	 * Return the address of the client behind a connection.
	 * @param peer the address the connection comes from
	 * @param forwardedFor the values of the {@code X-Forwarded-For} headers, in order
	 * @return the client address: the peer, unless the peer is a trusted proxy
	 */
	public InetAddress clientAddress(InetAddress peer, List<String> forwardedFor) {
		if (peer == null || this.trustedProxies.isEmpty() || !matches(this.trustedProxies, peer)) {
			return peer;
		}
		List<String> hops = new ArrayList<>();
		for (String header : forwardedFor) {
			for (String hop : header.split(",")) {
				hops.add(hop.trim());
			}
		}
		InetAddress client = peer;
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = Range.literal(hops.get(i));
			if (hop == null) {
				// not an address: what lies further left cannot be trusted either
				return client;
			}
			client = hop;
			if (!matches(this.trustedProxies, hop)) {
				return hop;
			}
		}
		return client;
	}

	private static boolean matches(List<Range> ranges, InetAddress address) {
		for (Range range : ranges) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	private static List<Range> ranges(Collection<String> values) {
		List<Range> ranges = new ArrayList<>();
		for (String value : values) {
			ranges.add(Range.parse(value));
		}
		return List.copyOf(ranges);
	}

	/**
	 * An address range: a network address and the number of leading bits that must match.
	 */
	private record Range(byte[] network, int prefix) {

		static Range parse(String value) {
			if (value == null || value.isBlank()) {
				throw new IllegalArgumentException("Empty address range");
			}
			String text = value.trim();
			int slash = text.indexOf('/');
			String host = (slash < 0) ? text : text.substring(0, slash);
			InetAddress address = literal(host);
			if (address == null) {
				throw new IllegalArgumentException("'" + value + "' is not an IP address or CIDR range");
			}
			byte[] bytes = address.getAddress();
			int prefix = bytes.length * 8;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(text.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					prefix = -1;
				}
				if (prefix < 0 || prefix > bytes.length * 8) {
					throw new IllegalArgumentException(
							"'" + value + "' has an invalid prefix length; at most " + (bytes.length * 8));
				}
			}
			return new Range(bytes, prefix);
		}

		/**
		 * Parse an IP address literal, never looking a host name up.
		 */
		static InetAddress literal(String text) {
			String address = (text.startsWith("[") && text.endsWith("]")) ? text.substring(1, text.length() - 1)
					: text;
			try {
				if (address.indexOf(':') >= 0) {
					// an IPv6 literal: never looked up as a host name
					return InetAddress.getByName(address);
				}
				String[] parts = address.split("\\.", -1);
				if (parts.length != 4) {
					return null;
				}
				byte[] bytes = new byte[4];
				for (int i = 0; i < 4; i++) {
					if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch((c) -> c >= '0' && c <= '9')) {
						return null;
					}
					int value = Integer.parseInt(parts[i]);
					if (value > 255) {
						return null;
					}
					bytes[i] = (byte) value;
				}
				return InetAddress.getByAddress(bytes);
			}
			catch (UnknownHostException | SecurityException ex) {
				return null;
			}
		}

		boolean contains(InetAddress address) {
			byte[] bytes = normalized(address.getAddress(), this.network.length);
			if (bytes == null) {
				return false;
			}
			int full = this.prefix / 8;
			for (int i = 0; i < full; i++) {
				if (bytes[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (bytes[full] & mask) == (this.network[full] & mask);
		}

		/**
		 * Bring an address to the range's family: IPv4 addresses and IPv4-mapped IPv6
		 * addresses ({@code ::ffff:a.b.c.d}) match IPv4 ranges alike.
		 */
		private static byte[] normalized(byte[] bytes, int length) {
			if (bytes.length == length) {
				return bytes;
			}
			if (bytes.length == 16 && length == 4) {
				for (int i = 0; i < 10; i++) {
					if (bytes[i] != 0) {
						return null;
					}
				}
				if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
					return null;
				}
				return new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] };
			}
			if (bytes.length == 4 && length == 16) {
				byte[] mapped = new byte[16];
				mapped[10] = (byte) 0xff;
				mapped[11] = (byte) 0xff;
				System.arraycopy(bytes, 0, mapped, 12, 4);
				return mapped;
			}
			return null;
		}

	}

}
