package org.jakartachat.socketio;

/**
 * One Socket.IO v5 packet, as carried in an Engine.IO message packet: its type, its namespace
 * ({@code "/"} for the main one), its acknowledgement id (null for none), the number of binary
 * attachments announced (only for the binary types) and its payload, JSON text not yet parsed
 * (null for none).
 */
public record SocketPacket(Type type, String namespace, Long ack, int attachments, String payload) {
    /** The main namespace, the only one the chat serves. */
    public static final String MAIN = "/";

    /** The packet types, each written as one digit. */
    public enum Type {
        CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

        char code() {
            return TypeDigit.of(this);
        }

        static Type of(char code) {
            return TypeDigit.read(values(), code);
        }

        boolean binary() {
            return this == BINARY_EVENT || this == BINARY_ACK;
        }
    }

    public SocketPacket {
        if (type == null || namespace == null || !namespace.startsWith("/")) {
            throw new IllegalArgumentException("a Socket.IO packet has a type and a namespace starting with '/'");
        }
    }

    /** A packet of the main namespace without an acknowledgement id or attachments. */
    public static SocketPacket of(Type type, String payload) {
        return new SocketPacket(type, MAIN, null, 0, payload);
    }
}
