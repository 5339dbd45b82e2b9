package org.jakartachat.bench;

/**
 * The chat's own events over Socket.io 4 (docs/protocol.adoc, "Socket.io clients"), as the WAR
 * serves them at {@code /chat/socket.io/} and bench/socketio/server.js at {@code /socket.io/}:
 * the same Socket.io wire to both servers. {@code 42N["join",{"room":…}]} is acknowledged
 * {@code 43N[…]}; {@code 42["message",{"room":…,"text":…}]} reaches the room as a
 * {@code message} event; {@code 42N["ping",{"ref":…}]} is the echo.
 */
final class ChatEventsWire extends EngineIoWire {
    private static final String MESSAGE = "42[\"message\",{";
    private static final String TEXT = "\"text\":\"";
    private final String name;
    private final String path;

    /** {@code path}: where the server serves Engine.IO, e.g. {@code /chat/socket.io/}. */
    ChatEventsWire(String name, String path) {
        this.name = name;
        this.path = path;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String url(String base, String user) {
        return base + path + "?EIO=4&transport=websocket";
    }

    @Override
    public String join(String room, int ack) {
        return "42" + ack + "[\"join\",{\"room\":\"" + room + "\"}]";
    }

    @Override
    public boolean isJoinAnswer(String frame) {
        return frame.startsWith("43") && !frame.contains("\"type\":\"error\"");
    }

    @Override
    public boolean isError(String frame) {
        return frame.startsWith("44") || frame.contains("\"type\":\"error\"") || frame.startsWith("42[\"error\"");
    }

    @Override
    public String post(String room, String text) {
        return "42[\"message\",{\"room\":\"" + (room == null ? everyone() : room) + "\",\"text\":\"" + text + "\"}]";
    }

    @Override
    public String chatText(String frame) {
        if (!frame.startsWith(MESSAGE)) {
            return null;
        }
        int at = frame.indexOf(TEXT);
        return at < 0 ? null : frame.substring(at + TEXT.length(), frame.indexOf('"', at + TEXT.length()));
    }

    @Override
    public String echo(int ref) {
        return "42" + ref + "[\"ping\",{\"ref\":\"" + ref + "\"}]";
    }

    @Override
    public String everyone() {
        return "everyone";
    }
}
