package org.jakartachat.socketio;

/** Text that is not a packet of the protocol; the message says what is wrong, for the sender. */
public class MalformedPacket extends Exception {
    public MalformedPacket(String message) {
        super(message);
    }
}
