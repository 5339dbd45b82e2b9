package org.jakartachat.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The chat WAR's protocol (docs/protocol.adoc). The load tool's texts need no JSON escaping. */
final class ChatWire implements Wire {
    /** The WAR's context path: /chat, or another build deployed beside it (bench/ab.sh). */
    private final String context;
    /** The name results carry: chat-war, chat-war-base for a build beside it, chat-war-wildfly... */
    private final String label;

    ChatWire() {
        this("/chat", null);
    }

    ChatWire(String context, String label) {
        this.context = context;
        this.label = label != null ? label : context.equals("/chat") ? "chat-war" : "chat-war" + context.replace('/', '-');
    }

    @Override
    public String name() {
        return label;
    }

    @Override
    public String url(String base, String user) {
        return base + context + "/ws?name=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
    }

    @Override
    public String hello() {
        return null;
    }

    @Override
    public boolean isReady(String frame) {
        return frame.startsWith("{\"type\":\"welcome\"");
    }

    @Override
    public String join(String room, int ack) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\"}";
    }

    @Override
    public boolean isJoinAnswer(String frame) {
        return frame.startsWith("{\"type\":\"joined\"");
    }

    @Override
    public boolean isError(String frame) {
        return frame.startsWith("{\"type\":\"error\"");
    }

    @Override
    public String post(String room, String text) {
        return "{\"type\":\"message\",\"room\":\"" + (room == null ? everyone() : room) + "\",\"text\":\"" + text + "\"}";
    }

    @Override
    public String chatText(String frame) {
        if (!frame.startsWith("{\"type\":\"message\"")) {
            return null;
        }
        int start = frame.indexOf("\"text\":\"") + 8;
        return frame.substring(start, frame.indexOf('"', start));
    }

    @Override
    public String reply(String frame) {
        return null; // the server's heartbeat is a WebSocket ping, which the JDK client answers itself
    }

    @Override
    public String echo(int ref) {
        return "{\"type\":\"ping\",\"ref\":\"" + ref + "\"}";
    }

    @Override
    public int echoed(String frame) {
        if (!frame.startsWith("{\"type\":\"pong\"")) {
            return -1;
        }
        int start = frame.indexOf("\"ref\":\"") + 7;
        return Integer.parseInt(frame.substring(start, frame.indexOf('"', start)));
    }

    @Override
    public String everyone() {
        return "everyone";
    }
}
