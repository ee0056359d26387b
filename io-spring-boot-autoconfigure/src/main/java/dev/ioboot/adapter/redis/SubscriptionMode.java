package dev.ioboot.adapter.redis;

/**
 * How the sharded Redis adapter spreads a namespace over sharded pub/sub channels, as the
 * {@code subscriptionMode} option of socket.io's {@code createShardedAdapter}.
 */
public enum SubscriptionMode {

	/**
	 * Two channels per namespace: {@code K#N#} for every message and {@code K#N#uid#} for the
	 * responses to one node. Suits dynamic namespaces.
	 */
	STATIC,

	/**
	 * As {@link #STATIC}, plus one channel per public room ({@code K#N#room#}): a broadcast to
	 * one such room reaches only the nodes that have sockets in it.
	 */
	DYNAMIC,

	/**
	 * As {@link #DYNAMIC}, with a channel for each socket's own room too: suits much
	 * one-to-one messaging.
	 */
	DYNAMIC_PRIVATE

}
