package org.jakartachat.hub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jakartachat.protocol.EncodedFrame;

/**
 * One room as this server holds it: the connections in it, each live or still joining. Every
 * method must be called holding the room's monitor, which is held only to change or walk the
 * members, never across a call to the backplane.
 *
 * <p>A join reads the room from the backplane without the monitor (a network round trip in a
 * cluster), so the joiner is a member from before that read until its {@code joined} is queued:
 * whatever is delivered to it meanwhile waits in its {@link Joining} with the event's position,
 * and once the read is in, only what came after the position the read was made at is passed
 * on. Deliveries may also lag behind the read (a cluster's feed reader may not have reached
 * that position yet), so the member then goes on skipping what is at or before it, until the
 * first delivery after it. The joiner so gets every event once: those up to the read in its
 * {@code joined}, the rest after it, in order.
 */
final class Room {
    final String name;
    /** The client address whose connection created the room (null: none known, or the lobby); see RoomDirectory. */
    final String creator;
    /**
     * Members, in the order they came: a live member maps to null; a joining one to its
     * {@link Joining}; one whose read of the room is ahead of the deliveries, to the
     * {@link FeedPosition} of that read.
     */
    private final Map<Connection, Object> members = new LinkedHashMap<>();
    private long lastActive;
    /** Presence changes waiting for the next diff; null while presence goes out at once. */
    private PresenceBatch presence;
    /** False once a connection from another address than the creator's has joined; see RoomDirectory. */
    private boolean creatorsOnly = true;
    /** Set when the directory evicts this room; a join that raced with it looks the room up again. */
    private boolean retired;

    /**
     * What is delivered to a member while its join reads the room. Not bounded by count: it
     * holds references to frames encoded once for the whole room, for one read (in a cluster a
     * Redis call, which gives up within seconds), and what it holds then goes through the
     * member's bounded outbox.
     */
    static final class Joining {
        /** Whether the member was in the room before (joining again): its leave is then the remover's to tell. */
        final boolean wasLive;
        /** A member joining again: its state before (null, or the position its earlier read skips to). */
        final Object before;
        private final List<FeedPosition> positions = new ArrayList<>();
        private final List<EncodedFrame> frames = new ArrayList<>();

        Joining(boolean wasLive, Object before) {
            this.wasLive = wasLive;
            this.before = before;
        }

        void hold(FeedPosition at, EncodedFrame frame) {
            positions.add(at);
            frames.add(frame);
        }
    }

    /** What {@link #remove} found. */
    enum Removed {
        /** Not a member. */
        NONE,
        /** A member whose first join was still reading the room: the joiner undoes its entry. */
        ENTERING,
        /** A member: its leave is the remover's to tell. */
        MEMBER
    }

    Room(String name, String creator, long now) {
        this.name = name;
        this.creator = creator;
        this.lastActive = now;
    }

    /** Adds a connection that is joining; false if it is a member already. */
    boolean addJoining(Connection connection, long now) {
        lastActive = now;
        if (members.containsKey(connection)) {
            return false;
        }
        members.put(connection, new Joining(false, null));
        if (creator != null && !creator.equals(connection.address())) {
            creatorsOnly = false;
        }
        return true;
    }

    /** A live member joins again: what it is delivered waits until its new read is in. False if not a member. */
    boolean rejoin(Connection connection) {
        if (!members.containsKey(connection)) {
            return false;
        }
        members.computeIfPresent(connection, (c, state) -> state instanceof Joining ? state : new Joining(true, state));
        return true;
    }

    /**
     * The member's read of the room, made at {@code at}, is in: queues {@code joined} for it, then
     * what was delivered to it after {@code at}, and makes it live. False if it is no longer a member.
     */
    boolean joined(Connection connection, FeedPosition at, EncodedFrame joined) {
        if (!members.containsKey(connection)) {
            return false;
        }
        connection.deliver(joined);
        Object state = members.get(connection);
        Object next = at;
        if (state instanceof Joining joining) {
            for (int i = 0; i < joining.frames.size(); i++) {
                if (joining.positions.get(i).after(at)) {
                    connection.deliver(joining.frames.get(i));
                    next = null; // deliveries have passed the read
                }
            }
        }
        members.put(connection, next);
        return true;
    }

    /** A join that failed: a first join leaves as if it never came, one again goes on as before. */
    void joinFailed(Connection connection) {
        if (!(members.get(connection) instanceof Joining joining)) {
            return;
        }
        if (joining.wasLive) {
            // Back as it was: what its earlier read holds still skipped, the rest passed on.
            Object state = joining.before;
            for (int i = 0; i < joining.frames.size(); i++) {
                FeedPosition at = joining.positions.get(i);
                if (!(state instanceof FeedPosition read) || at.after(read)) {
                    connection.deliver(joining.frames.get(i));
                    state = null;
                }
            }
            members.put(connection, state);
        } else {
            members.remove(connection);
        }
    }

    /** Takes the connection out; what it was tells who reports the leave. */
    Removed remove(Connection connection, long now) {
        lastActive = now;
        if (!members.containsKey(connection)) {
            return Removed.NONE;
        }
        Object state = members.remove(connection);
        return state instanceof Joining joining && !joining.wasLive ? Removed.ENTERING : Removed.MEMBER;
    }

    /** Connections in the room, joining or live: what a broadcast costs. */
    int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** Queues a posted message for every member; the member with id {@code origin} gets {@code own}, if any. */
    void deliver(FeedPosition at, EncodedFrame frame, EncodedFrame own, long origin) {
        for (Map.Entry<Connection, Object> member : members.entrySet()) {
            Connection connection = member.getKey();
            pass(member, at, own != null && connection.id() == origin ? own : frame);
        }
    }

    /** Queues one encoded frame for every member but the connection with id {@code except} (-1: nobody). */
    void broadcast(FeedPosition at, EncodedFrame frame, long except) {
        for (Map.Entry<Connection, Object> member : members.entrySet()) {
            if (member.getKey().id() != except) {
                pass(member, at, frame);
            }
        }
    }

    /** Queues a frame for members whose join is done: a notice worth nothing late (typing). */
    void broadcastLive(EncodedFrame frame, long except) {
        for (Map.Entry<Connection, Object> member : members.entrySet()) {
            if (!(member.getValue() instanceof Joining) && member.getKey().id() != except) {
                member.getKey().deliver(frame);
            }
        }
    }

    /** Passes a delivery at {@code at} to one member, as its state says (see the class comment). */
    private static void pass(Map.Entry<Connection, Object> member, FeedPosition at, EncodedFrame frame) {
        Object state = member.getValue();
        if (state == null) {
            member.getKey().deliver(frame);
        } else if (state instanceof Joining joining) {
            joining.hold(at, frame);
        } else if (at.after((FeedPosition) state)) {
            member.setValue(null); // deliveries have passed the member's read
            member.getKey().deliver(frame);
        }
    }

    PresenceBatch presenceBatch() {
        return presence;
    }

    PresenceBatch startPresenceBatch() {
        presence = new PresenceBatch();
        return presence;
    }

    /** The pending batch, if any; presence goes out at once again until the next one starts. */
    PresenceBatch takePresenceBatch() {
        PresenceBatch taken = presence;
        presence = null;
        return taken;
    }

    void touch(long now) {
        lastActive = now;
    }

    long lastActive() {
        return lastActive;
    }

    /** Whether only connections from the creator's address have ever been in the room. */
    boolean creatorsOnly() {
        return creatorsOnly;
    }

    boolean retired() {
        return retired;
    }

    void retire() {
        retired = true;
    }
}
