/**
 * The cluster protocol of socket.io's {@code ClusterAdapter} (socket.io-adapter 2.5), apart
 * from any transport: its messages, their encodings, and an adapter base class that Redis
 * sharded pub/sub and Redis Streams transports extend.
 */
package dev.ioboot.adapter.cluster;
