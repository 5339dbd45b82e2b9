package org.jakartachat.hub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jakartachat.protocol.ServerFrame;

/**
 * A large room's presence changes waiting for the next diff (guarded by the room's monitor).
 *
 * <p>Why: announcing every join to every member makes a join storm cost the square of the
 * room (5,000 members joining send 12.5 million frames, and fill every outbox long before
 * they are written). Like Phoenix Presence, a large room sends its members one diff per
 * interval instead, so a storm costs members times intervals.
 *
 * <p>A diff says, for every name whose presence changed in the interval, where it ended: in
 * {@code joins} if present at the end, in {@code leaves} if not; never both. Members apply it
 * as set changes, leaves first, so it is right for every member whatever its list held before:
 * also for one whose {@code joined} list was read in the middle of the interval (a net diff
 * from the interval's start, which left out someone who went and came back, was not). A name
 * already listed that comes again changes nothing. Someone who arrives and leaves within one
 * interval is in {@code leaves}: netting that visit away would let anyone read a large room's
 * member list and history unseen, by joining and leaving between two diffs.
 */
final class PresenceBatch {
    /** Each name changed in this interval, in the order first changed, and whether it is present now. */
    private final Map<String, Boolean> present = new LinkedHashMap<>();
    /** The position and the room's count of people as of the latest change in the batch. */
    private FeedPosition at = FeedPosition.START;
    private int count;

    /** Records the position and count of a change about to be added. */
    void at(FeedPosition position, int people) {
        at = position;
        count = people;
    }

    FeedPosition at() {
        return at;
    }

    void joined(String name) {
        present.put(name, true);
    }

    void left(String name) {
        present.put(name, false);
    }

    /** A rename is the old name leaving and the new one joining. */
    void renamed(String previous, String name) {
        present.put(previous, false);
        present.put(name, true);
    }

    boolean isEmpty() {
        return present.isEmpty();
    }

    /** The diff so far, which empties the batch. */
    ServerFrame.PresenceDiff take(String room) {
        List<String> joins = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        present.forEach((name, now) -> (now ? joins : leaves).add(name));
        present.clear();
        return new ServerFrame.PresenceDiff(room, joins, leaves, count);
    }
}
