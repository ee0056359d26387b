package dev.ioboot.adapter;

/**
 * The order of connection state recovery offsets of the form {@code <millis>-<sequence>}, as
 * Redis stream entry ids are: what an adapter that {@linkplain IoAdapter#keepsSessions() keeps
 * sessions} gives each broadcast, and what the node compares to deliver each one once.
 */
public final class IoOffsets {

	private IoOffsets() {
	}

	/**
	 * Return where an offset is in the order of packets: a later offset has a larger position.
	 * @param offset the offset, such as {@code 1796672308178-0}
	 * @return its position, or {@code 0} for an offset of another form
	 */
	public static long position(String offset) {
		int dash = (offset != null) ? offset.indexOf('-') : -1;
		if (dash <= 0 || dash == offset.length() - 1) {
			return 0;
		}
		try {
			long millis = Long.parseLong(offset, 0, dash, 10);
			long sequence = Long.parseLong(offset, dash + 1, offset.length(), 10);
			return millis * 1_000_000L + Math.min(sequence, 999_999L);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
