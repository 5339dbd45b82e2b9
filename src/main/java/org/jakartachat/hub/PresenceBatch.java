package org.jakartachat.hub;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jakartachat.protocol.ServerFrame;

/**
 * A large room's presence changes waiting for the next diff (guarded by the room's monitor).
 *
 * <p>Why: announcing every join to every member makes a join storm cost the square of the
 * room (5,000 members joining send 12.5 million frames, and fill every outbox long before
 * they are written). Like Phoenix Presence, a large room sends its members one diff per
 * interval instead, so a storm costs members times intervals.
 *
 * <p>A diff never says both join and leave for one name, and is applied leaves first, joins
 * second. A member listed before the interval who leaves and comes back is in neither list.
 * But someone who arrives and leaves within one interval is in {@code leaves}: netting that
 * visit away would let anyone read a large room's member list and history unseen, by joining
 * and leaving between two diffs. Removing a name members never listed changes no list, and
 * tells them who looked in.
 */
final class PresenceBatch {
    private final Set<String> joins = new LinkedHashSet<>();
    private final Set<String> leaves = new LinkedHashSet<>();
    /** Names that arrived during this interval: members did not list them before it. */
    private final Set<String> arrived = new HashSet<>();
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
        if (leaves.remove(name) && !arrived.contains(name)) {
            return; // listed before the interval, left and came back: nothing changed for members
        }
        joins.add(name);
        arrived.add(name);
    }

    void left(String name) {
        joins.remove(name);
        leaves.add(name); // also for a name that arrived in this interval: a visit is told, not hidden
    }

    /** A rename is the old name leaving and the new one joining; a pending arrival only changes its name. */
    void renamed(String previous, String name) {
        if (!joins.remove(previous)) {
            leaves.add(previous);
        }
        joined(name);
    }

    boolean isEmpty() {
        return joins.isEmpty() && leaves.isEmpty();
    }

    /** The diff so far, which empties the batch. */
    ServerFrame.PresenceDiff take(String room) {
        ServerFrame.PresenceDiff diff = new ServerFrame.PresenceDiff(room, new ArrayList<>(joins),
                new ArrayList<>(leaves), count);
        joins.clear();
        leaves.clear();
        arrived.clear();
        return diff;
    }
}
