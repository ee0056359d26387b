package dev.ioboot.adapter.cluster;

/**
 * Thrown when a message or value of the cluster protocol cannot be decoded, or a value cannot
 * be encoded.
 */
public class ClusterCodecException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message the message
	 */
	public ClusterCodecException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a cause.
	 * @param message the message
	 * @param cause the cause
	 */
	public ClusterCodecException(String message, Throwable cause) {
		super(message, cause);
	}

}
