package dev.ioboot.adapter;

import java.util.List;

/**
 * A broadcast a recovering socket missed while it was away, as an adapter that
 * {@linkplain IoAdapter#keepsSessions() keeps sessions} finds it again.
 *
 * @param event the event name
 * @param args the arguments, without the offset
 * @param offset the packet's offset, sent to the client as its last argument
 */
public record IoMissedPacket(String event, List<Object> args, String offset) {

}
