package org.jakartachat.socketio;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The events of one socket that asked for an acknowledgement and have not had their answer yet.
 *
 * <p>The chat's answers name the frame they answer by its {@code ref} (joined, renamed, pong,
 * the sender's own message, error: docs/protocol.adoc). So an event with an ack id goes to the
 * hub with a ref, the client's own if its argument has one, else one made here that no other
 * socket uses ({@code sio:<socket id>:<ack id>}), and the frame that comes back with that ref
 * is sent as the ACK. A made-up ref is taken out of the answer again: the client never sent it.
 * The sender's own message may come back late (in cluster mode it comes through Redis), so the
 * book is kept per ref, not by order. It holds at most {@link #MAX} entries: past that the oldest
 * is dropped and its answer, when it comes, is an ordinary event.
 *
 * <p>Used by one socket under its own monitor (see SocketBridge).
 */
final class PendingAcks {
    static final int MAX = 256;
    private static final String REF_FIELD = ",\"ref\":\"";
    private static final JsonProvider JSON = JsonProvider.provider();

    private record Pending(String ref, long ack, boolean made) {
    }

    /**
     * An answer as the client gets it: its ack id (null when its entry was dropped: it goes as an
     * event), and the frame's text without a made-up ref.
     */
    record Answer(Long ack, String frame) {
    }

    private final String prefix;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Whether a ref was ever made here: until then a frame with no entry pending needs no look. */
    private boolean madeAny;

    PendingAcks(String socketId) {
        this.prefix = "sio:" + socketId + ":";
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The ref a frame without one is given to be answered with ack id {@code ack}. */
    String madeRef(long ack) {
        madeAny = true;
        return prefix + ack;
    }

    /** An event with ack id {@code ack} goes to the hub with {@code ref}. */
    void expect(String ref, long ack) {
        if (pending.size() == MAX) {
            pending.poll();
        }
        pending.add(new Pending(ref, ack, ref.startsWith(prefix)));
    }

    /** The event with this ref was handled and has no answer of its own to carry the ack; its entry goes. */
    void forget(String ref) {
        pending.removeIf(p -> p.ref.equals(ref));
    }

    /**
     * The ack a frame answers, or null. A server frame's {@code ref}, when it has one, is its last
     * field (docs/protocol.adoc orders it so), and no frame sent to a socket carries another's
     * ref; only frames with a ref are parsed.
     */
    Answer match(String frame) {
        if ((pending.isEmpty() && !madeAny) || !frame.endsWith("\"}")) {
            return null;
        }
        int at = frame.lastIndexOf(REF_FIELD);
        if (at < 0) {
            return null;
        }
        String literal = frame.substring(at + REF_FIELD.length() - 1, frame.length() - 1);
        String ref;
        try (JsonParser parser = JSON.createParser(new StringReader(literal))) {
            if (parser.next() != JsonParser.Event.VALUE_STRING) {
                return null;
            }
            ref = parser.getString();
            if (parser.hasNext()) {
                return null; // the quote found was inside another value: not a top-level ref
            }
        } catch (RuntimeException notOneString) {
            return null;
        }
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.ref.equals(ref)) {
                it.remove();
                String text = p.made ? frame.substring(0, at) + "}" : frame;
                return new Answer(p.ack, text);
            }
        }
        // A ref made here whose entry was dropped: still not the client's to see.
        return ref.startsWith(prefix) ? new Answer(null, frame.substring(0, at) + "}") : null;
    }
}
