package dev.ioboot.event;

import java.util.List;

import dev.ioboot.IoSocket;

/**
 * One event as a handler receives it, what {@link IoArgumentResolver}s resolve parameters
 * from.
 *
 * @param socket the socket that sent it
 * @param event the event name
 * @param args the arguments as decoded JSON, {@code byte[]} for binary
 * @param ack the acknowledgement
 */
public record IoEventMessage(IoSocket socket, String event, List<Object> args, IoAck ack) {

}
