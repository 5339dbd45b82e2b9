package org.jakartachat.socketio;

import java.util.ArrayList;
import java.util.List;

/**
 * Engine.IO v4 packets to and from text. Over WebSocket each text frame is one packet
 * ({@link #decode}); over HTTP long-polling a body holds several, separated by the record
 * separator {@code \u001e} ({@link #decodePayload}). A packet is its type's digit followed by
 * its payload. Binary payloads ({@code b} and base64 in a polling body, a binary frame over
 * WebSocket) are refused with {@link BinaryRefused}: nothing in the chat's protocol is binary.
 */
public final class EngineCodec {
    /** Between the packets of a polling body. */
    public static final char SEPARATOR = '\u001e';

    /** A binary payload, which the chat does not take. */
    public static final class BinaryRefused extends MalformedPacket {
        BinaryRefused() {
            super("binary payloads are not accepted");
        }
    }

    private EngineCodec() {
    }

    /** One packet, as a WebSocket text frame carries it. */
    public static EnginePacket decode(String text) throws MalformedPacket {
        if (text == null || text.isEmpty()) {
            throw new MalformedPacket("an empty packet");
        }
        char first = text.charAt(0);
        if (first == 'b') {
            throw new BinaryRefused();
        }
        EnginePacket.Type type = EnginePacket.Type.of(first);
        if (type == null) {
            throw new MalformedPacket("unknown packet type '" + first + "'");
        }
        // Over WebSocket the payload may hold anything; what goes out in a polling body is JSON,
        // in which a record separator is always escaped.
        return new EnginePacket(type, text.substring(1));
    }

    /**
     * The packets of a polling request's body as text, in order, each to be read with
     * {@link #decode}; at most {@code maxPackets} of them (a body of many empty packets costs a
     * packet each).
     */
    public static List<String> splitPayload(String body, int maxPackets) throws MalformedPacket {
        List<String> packets = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = body.indexOf(SEPARATOR, start);
            if (packets.size() == maxPackets) {
                throw new MalformedPacket("more than " + maxPackets + " packets in one request");
            }
            packets.add(body.substring(start, end < 0 ? body.length() : end));
            if (end < 0) {
                return packets;
            }
            start = end + 1;
        }
    }

    /** {@link #splitPayload} and {@link #decode} in one, for bodies without binary packets. */
    public static List<EnginePacket> decodePayload(String body, int maxPackets) throws MalformedPacket {
        List<EnginePacket> packets = new ArrayList<>();
        for (String text : splitPayload(body, maxPackets)) {
            packets.add(decode(text));
        }
        return packets;
    }

    public static String encode(EnginePacket packet) {
        return packet.type().code() + packet.data();
    }

    /** Packets for one polling response's body. */
    public static String encodePayload(List<EnginePacket> packets) {
        StringBuilder body = new StringBuilder();
        for (EnginePacket packet : packets) {
            if (!body.isEmpty()) {
                body.append(SEPARATOR);
            }
            body.append(encode(packet));
        }
        return body.toString();
    }
}
