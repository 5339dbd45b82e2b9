package org.jakartachat.socketio;

/**
 * One Engine.IO v4 packet: its type and its text payload ({@code ""} when it has none). Binary
 * payloads are not represented: the chat's wire is text, and {@link EngineCodec} refuses them.
 */
public record EnginePacket(Type type, String data) {
    /** The packet types, each written as one digit. */
    public enum Type {
        OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP;

        /** The digit the type is written as. */
        char code() {
            return TypeDigit.of(this);
        }

        static Type of(char code) {
            return TypeDigit.read(values(), code);
        }
    }

    public EnginePacket {
        if (type == null || data == null) {
            throw new IllegalArgumentException("an Engine.IO packet has a type and a payload (maybe empty)");
        }
    }

    public static EnginePacket of(Type type) {
        return new EnginePacket(type, "");
    }

    public static EnginePacket message(String data) {
        return new EnginePacket(Type.MESSAGE, data);
    }
}
