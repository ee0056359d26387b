/**
 * Redis adapter, wire-compatible with {@code @socket.io/redis-adapter} and {@code @socket.io/redis-emitter}.
 */
package dev.ioboot.adapter.redis;
