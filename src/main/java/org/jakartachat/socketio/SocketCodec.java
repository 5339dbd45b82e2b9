package org.jakartachat.socketio;

/**
 * Socket.IO v5 packets to and from text:
 * {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]}, where the namespace is
 * written only when it is not {@code "/"} and the attachment count only for the binary types.
 * Decoding checks the shape, not the JSON: the payload comes back as text for the event layer
 * to read with its own limits.
 */
public final class SocketCodec {
    /** An ack id is a JavaScript number the client counts up: at most 2^53, 16 digits. */
    private static final int MAX_ACK_DIGITS = 16;
    /** Namespaces are short paths; the chat serves "/" only, and names a refused one in its answer. */
    private static final int MAX_NAMESPACE = 256;

    private SocketCodec() {
    }

    public static SocketPacket decode(String text) throws MalformedPacket {
        if (text == null || text.isEmpty()) {
            throw new MalformedPacket("an empty Socket.IO packet");
        }
        SocketPacket.Type type = SocketPacket.Type.of(text.charAt(0));
        if (type == null) {
            throw new MalformedPacket("unknown Socket.IO packet type '" + text.charAt(0) + "'");
        }
        int at = 1;
        int attachments = 0;
        if (type.binary()) {
            int dash = text.indexOf('-', at);
            if (dash < 0 || dash == at || dash - at > 4 || !digits(text, at, dash)) {
                throw new MalformedPacket("a binary packet must start with its count of attachments and '-'");
            }
            attachments = Integer.parseInt(text, at, dash, 10);
            at = dash + 1;
        }
        String namespace = SocketPacket.MAIN;
        if (at < text.length() && text.charAt(at) == '/') {
            int comma = text.indexOf(',', at);
            int end = comma < 0 ? text.length() : comma;
            if (end - at > MAX_NAMESPACE) {
                throw new MalformedPacket("a namespace longer than " + MAX_NAMESPACE + " characters");
            }
            namespace = text.substring(at, end);
            at = comma < 0 ? end : comma + 1;
        }
        int digitsEnd = at;
        while (digitsEnd < text.length() && text.charAt(digitsEnd) >= '0' && text.charAt(digitsEnd) <= '9') {
            digitsEnd++;
        }
        Long ack = null;
        if (digitsEnd > at) {
            if (digitsEnd - at > MAX_ACK_DIGITS) {
                throw new MalformedPacket("an acknowledgement id longer than " + MAX_ACK_DIGITS + " digits");
            }
            ack = Long.parseLong(text, at, digitsEnd, 10);
            at = digitsEnd;
        }
        String payload = at < text.length() ? text.substring(at) : null;
        if (payload != null && payload.charAt(0) != '[' && payload.charAt(0) != '{') {
            throw new MalformedPacket("a payload must be a JSON array or object");
        }
        return new SocketPacket(type, namespace, ack, attachments, payload);
    }

    public static String encode(SocketPacket packet) {
        StringBuilder text = new StringBuilder().append(packet.type().code());
        if (packet.type().binary()) {
            text.append(packet.attachments()).append('-');
        }
        if (!SocketPacket.MAIN.equals(packet.namespace())) {
            text.append(packet.namespace()).append(',');
        }
        if (packet.ack() != null) {
            text.append(packet.ack());
        }
        if (packet.payload() != null) {
            text.append(packet.payload());
        }
        return text.toString();
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
