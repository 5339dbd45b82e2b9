package org.jakartachat.bench;

/**
 * Socket.io 4 over engine.io v4's websocket transport, as bench/socketio/server.js speaks it:
 * {@code 40} connects to the main namespace, {@code 42[event,…]} is an event, {@code 42N[…]}
 * one that wants an acknowledgement {@code 43N[…]}, and the server's {@code 2} (ping) is
 * answered with {@code 3}.
 */
final class SocketIoWire extends EngineIoWire {

    @Override
    public String name() {
        return "socket.io";
    }

    @Override
    public String url(String base, String user) {
        return base + "/socket.io/?EIO=4&transport=websocket";
    }

    @Override
    public String join(String room, int ack) {
        return room == null ? null : "42" + ack + "[\"join\",\"" + room + "\"]";
    }

    @Override
    public boolean isJoinAnswer(String frame) {
        return frame.startsWith("43");
    }

    @Override
    public boolean isError(String frame) {
        return frame.startsWith("44"); // CONNECT_ERROR
    }

    @Override
    public String post(String room, String text) {
        return room == null
                ? "42[\"chat message\",\"" + text + "\"]"
                : "42[\"room message\",\"" + room + "\",\"" + text + "\"]";
    }

    @Override
    public String chatText(String frame) {
        String prefix = "42[\"chat message\",\"";
        return frame.startsWith(prefix) ? frame.substring(prefix.length(), frame.length() - 2) : null;
    }

    @Override
    public String echo(int ref) {
        return "42" + ref + "[\"echo\",\"" + ref + "\"]";
    }

    @Override
    public String everyone() {
        return null; // io.emit reaches every connection: no room to join
    }
}
