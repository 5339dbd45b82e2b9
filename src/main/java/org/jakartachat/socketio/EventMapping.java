package org.jakartachat.socketio;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.StringReader;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.InvalidFrameException;

/**
 * The one mapping between the chat's frames and Socket.IO events (docs/protocol.adoc): each
 * frame type is an event of the same name whose one argument is the frame's fields without
 * {@code type}. An event becomes the native frame's JSON text, which the chat's own codec then
 * reads with all its checks (an unknown event is an unknown type, a {@code type} inside the
 * argument a key given twice); a frame becomes an event, or, as the answer to an event the
 * client asked to acknowledge, an ACK whose one argument is the whole frame, {@code type}
 * included, so that an answer can say {@code error}.
 */
public final class EventMapping {
    private static final String TYPE_FIRST = "{\"type\":\"";
    /** Looked up once: each lookup is a service-loader search. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private EventMapping() {
    }

    /**
     * A client's event as a native frame, and the id to acknowledge it with (null: none asked).
     * The frame is unchecked text: it must go through the chat's FrameCodec like any frame.
     */
    public record Inbound(String frame, Long ack) {
    }

    /**
     * The native frame an EVENT carries: {@code ["<type>"]}, {@code ["<type>", null]} or
     * {@code ["<type>", {fields}]}. Anything else, binary attachments included, is the sender's
     * {@code bad_request} (the caller answers it through the packet's ack id, if any).
     */
    public static Inbound inbound(SocketPacket packet) throws InvalidFrameException {
        if (packet.type().binary()) {
            throw refused("binary attachments are not accepted");
        }
        if (packet.type() != SocketPacket.Type.EVENT || packet.payload() == null) {
            throw refused("an event is an array: its name, then at most one argument, an object");
        }
        String payload = packet.payload();
        try (JsonParser parser = JSON.createParser(new StringReader(payload))) {
            if (parser.next() != Event.START_ARRAY || !parser.hasNext() || parser.next() != Event.VALUE_STRING) {
                throw refused("an event is an array whose first element is the event's name");
            }
            String name = JSON.createValue(parser.getString()).toString();
            Event next = parser.next();
            if (next == Event.VALUE_NULL) { // socket.emit("leave", undefined) sends null
                next = parser.next();
                if (next != Event.END_ARRAY) {
                    throw refused("an event carries one argument");
                }
            }
            if (next == Event.END_ARRAY) {
                end(parser);
                return new Inbound("{\"type\":" + name + "}", packet.ack());
            }
            if (next != Event.START_OBJECT) {
                throw refused("an event's argument must be an object of the frame's fields");
            }
            long from = parser.getLocation().getStreamOffset(); // just after the '{'
            skipObject(parser);
            long to = parser.getLocation().getStreamOffset(); // just after the matching '}'
            if (from < 1 || to <= from || to > payload.length()) {
                throw refused("an event's argument could not be read");
            }
            if (parser.next() != Event.END_ARRAY) {
                throw refused("an event carries one argument");
            }
            end(parser);
            String fields = payload.substring((int) from, (int) to - 1).strip();
            return new Inbound("{\"type\":" + name + (fields.isEmpty() ? "" : "," + fields) + "}", packet.ack());
        } catch (RuntimeException notJson) {
            // JSON-P's parsing exceptions, its nesting limit, the end of the input: all the client's.
            throw refused("an event's payload must be JSON");
        }
    }

    /** What the server says, as the Socket.IO packet a client reads: an event, or the ACK with that id. */
    public static SocketPacket outbound(String frame, Long ack) {
        if (!frame.startsWith(TYPE_FIRST)) {
            throw new IllegalStateException("a frame of the chat's codec starts with its type: " + frame);
        }
        if (ack != null) {
            return new SocketPacket(SocketPacket.Type.ACK, SocketPacket.MAIN, ack, 0, "[" + frame + "]");
        }
        int close = frame.indexOf('"', TYPE_FIRST.length());
        String type = frame.substring(TYPE_FIRST.length(), close);
        String rest = frame.charAt(close + 1) == ',' ? "{" + frame.substring(close + 2) : "{}";
        return SocketPacket.of(SocketPacket.Type.EVENT, "[\"" + type + "\"," + rest + "]");
    }

    /**
     * Reads to the end of the object just started. Not {@code JsonParser.skipObject}: Parsson's
     * never stops at the end of the input (eclipse-ee4j/parsson#23), so a payload that ends inside
     * the argument would hold a thread for good; {@code next()} throws there instead.
     */
    private static void skipObject(JsonParser parser) {
        int depth = 1;
        while (depth > 0) {
            switch (parser.next()) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                default -> { }
            }
        }
    }

    private static void end(JsonParser parser) throws InvalidFrameException {
        if (parser.hasNext()) {
            throw refused("text after the event");
        }
    }

    private static InvalidFrameException refused(String why) {
        return new InvalidFrameException(ErrorCode.BAD_REQUEST, why, null);
    }
}
