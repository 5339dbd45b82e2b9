package org.jakartachat.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jakartachat.protocol.ServerFrame.Message;

/**
 * A room's latest messages and the ids that order them. Guarded by the room's monitor.
 *
 * <p>An id is {@code <epoch>-<sequence>}: the epoch is random per room instance, so an id
 * from before a restart or from an evicted room is recognised as unknown rather than
 * mistaken for a current one; the zero-padded sequence orders ids within the room.
 */
final class History {

    /** A message and the key its sender's ref is kept under (null without a ref). */
    private record Entry(Message message, String refKey) {
    }

    private final EpochIds ids;
    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<String, Message> byRef = new HashMap<>();
    private long nextSequence = 1;

    History(String epoch, int capacity) {
        this.ids = new EpochIds(epoch);
        this.capacity = capacity;
    }

    /**
     * Records a new message, evicting the oldest beyond capacity; returns it as broadcast (no
     * ref). Its ref is kept for its sender ({@code owner}) only.
     */
    Message append(String room, String owner, String from, String text, String ts, String ref) {
        Message message = new Message(room, id(nextSequence++), from, text, ts, null);
        if (capacity == 0) {
            return message;
        }
        if (entries.size() == capacity) {
            Entry evicted = entries.removeFirst();
            if (evicted.refKey() != null) {
                byRef.remove(evicted.refKey(), evicted.message());
            }
        }
        String refKey = ref == null ? null : refKey(owner, ref);
        entries.addLast(new Entry(message, refKey));
        if (refKey != null) {
            byRef.put(refKey, message);
        }
        return message;
    }

    /** The message this sender posted with this ref, while it is still in the history; null otherwise. */
    Message byRef(String owner, String ref) {
        return byRef.get(refKey(owner, ref));
    }

    /** Length-prefixed, so no two (owner, ref) pairs share a key whatever characters they hold. */
    private static String refKey(String owner, String ref) {
        return owner.length() + ":" + owner + ref;
    }

    /** All messages held, oldest first, and whether they are complete from the room's start. */
    HistorySlice latest() {
        List<Message> all = new ArrayList<>(entries.size());
        entries.forEach(e -> all.add(e.message()));
        return new HistorySlice(all, true);
    }

    /**
     * Every message after {@code sinceId}. Complete only if this room issued that id and every
     * message after it is still held; otherwise the latest messages, marked incomplete.
     */
    HistorySlice after(String sinceId) {
        long since = sequenceOf(sinceId);
        long newest = nextSequence - 1;
        long oldestHeld = newest - entries.size() + 1;
        if (since < 0 || since > newest || since < oldestHeld - 1) {
            return new HistorySlice(latest().messages(), false);
        }
        int skip = (int) (since - oldestHeld + 1);
        List<Message> after = new ArrayList<>(entries.size() - skip);
        Iterator<Entry> it = entries.iterator();
        for (int i = 0; it.hasNext(); i++) {
            Entry entry = it.next();
            if (i >= skip) {
                after.add(entry.message());
            }
        }
        return new HistorySlice(after, true);
    }

    private String id(long sequence) {
        return ids.id(sequence);
    }

    /** The sequence of an id this room issued, or -1 for any other string. */
    private long sequenceOf(String id) {
        return ids.numberOf(id);
    }
}
