package dev.ioboot;

/**
 * A broadcast being built: which namespace, which rooms, which rooms excluded. Instances are
 * immutable: {@link #to(String...)} and {@link #except(String...)} return a new broadcast.
 */
public interface IoBroadcast {

	/**
	 * Narrow the broadcast to sockets in any of the given rooms.
	 * @param rooms the rooms
	 * @return a new broadcast
	 */
	IoBroadcast to(String... rooms);

	/**
	 * Leave out sockets in any of the given rooms.
	 * @param rooms the rooms
	 * @return a new broadcast
	 */
	IoBroadcast except(String... rooms);

	/**
	 * Emit an event to every matching socket. Each socket receives it once, however many of the
	 * rooms it is in.
	 * @param event the event name
	 * @param args the arguments
	 * @return the number of sockets of this node the event was written to
	 */
	int emit(String event, Object... args);

}
