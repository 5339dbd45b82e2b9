package org.jakartachat.bench;

/**
 * The bare relay of bench/relay: every text goes back to every connection as it is. There are
 * no rooms: it runs the fan-out and echo scenarios, where everyone is in one room anyway.
 */
final class RelayWire implements Wire {
    private static final ChatWire CHAT = new ChatWire();

    @Override
    public String name() {
        return "bare-relay";
    }

    @Override
    public String url(String base, String user) {
        return base + "/relay/relay";
    }

    @Override
    public String hello() {
        return null;
    }

    @Override
    public boolean isReady(String frame) {
        return frame.equals("ready");
    }

    @Override
    public String join(String room, int ack) {
        return null;
    }

    @Override
    public boolean isJoinAnswer(String frame) {
        return false;
    }

    @Override
    public boolean isError(String frame) {
        return false;
    }

    /**
     * The frame the chat WAR delivers for a message (docs/protocol.adoc: with its id, sender and
     * time), so that both deliver as many bytes per delivery and differ only in what the chat
     * does; it comes back as it went. (A first version posted the client's frame, which is about
     * half as long: the relay then wrote half the bytes.)
     */
    @Override
    public String post(String room, String text) {
        return "{\"type\":\"message\",\"room\":\"" + everyone() + "\",\"id\":\"mcq7k2x9-000000004242\","
                + "\"from\":\"u1234\",\"text\":\"" + text + "\",\"ts\":\"2026-12-02T12:00:00.123Z\"}";
    }

    @Override
    public String chatText(String frame) {
        return CHAT.chatText(frame);
    }

    @Override
    public String reply(String frame) {
        return null;
    }

    @Override
    public String echo(int ref) {
        return "ping:" + ref;
    }

    @Override
    public int echoed(String frame) {
        return frame.startsWith("pong:") ? Integer.parseInt(frame.substring(5)) : -1;
    }

    @Override
    public String everyone() {
        return CHAT.everyone();
    }
}
