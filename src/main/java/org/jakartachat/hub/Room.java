package org.jakartachat.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jakartachat.protocol.EncodedFrame;

/**
 * One room: its members and its history. Every method must be called holding the room's
 * monitor; {@link ChatHub} does so, and that is what gives every member one order.
 *
 * <p>Frames go to connections; presence counts people. A person (an {@link Identity}) with
 * two connections in the room is one member: it joins with its first connection and leaves
 * with its last, as Phoenix Presence keeps a list of connections per key.
 */
public final class Room {
    final String name;
    /** The client address whose connection created the room (null: none known, or the lobby); see RoomDirectory. */
    final String creator;
    final History history;
    private final Set<Connection> members = new LinkedHashSet<>();
    /** Per person in the room, how many of its connections are members. */
    private final Map<String, Integer> people = new HashMap<>();
    private long lastActive;
    /** Presence changes waiting for the next diff; null while presence goes out at once. */
    private PresenceBatch presence;
    /** False once a connection from another address than the creator's has joined; see RoomDirectory. */
    private boolean creatorsOnly = true;
    /** Set when the directory evicts this room; a join that raced with it looks the room up again. */
    private boolean retired;

    Room(String name, String creator, History history, long now) {
        this.name = name;
        this.creator = creator;
        this.history = history;
        this.lastActive = now;
    }

    /** The room's name, for a backplane adapter outside this package. */
    public String name() {
        return name;
    }

    /** Adds a connection; false if it was a member already. */
    boolean add(Connection connection, long now) {
        lastActive = now;
        if (!members.add(connection)) {
            return false;
        }
        if (creator != null && !creator.equals(connection.address())) {
            creatorsOnly = false;
        }
        people.merge(connection.owner(), 1, Integer::sum);
        return true;
    }

    /** True only if the connection was a member: the caller that removed it reports it. */
    boolean remove(Connection connection, long now) {
        lastActive = now;
        if (!members.remove(connection)) {
            return false;
        }
        people.computeIfPresent(connection.owner(), (owner, had) -> had == 1 ? null : had - 1);
        return true;
    }

    /** How many of this person's connections are in the room: 1 after its first joined, 0 after its last left. */
    int connectionsOf(String owner) {
        return people.getOrDefault(owner, 0);
    }

    /** Connections in the room, which is what a broadcast costs. */
    int size() {
        return members.size();
    }

    /** People in the room, which is what presence counts. */
    int people() {
        return people.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** Each person's name once, in the order they joined. */
    List<String> memberNames() {
        List<String> names = new ArrayList<>(people.size());
        Set<String> listed = new java.util.HashSet<>();
        for (Connection member : members) {
            if (listed.add(member.owner())) {
                names.add(member.name());
            }
        }
        return names;
    }

    /** Queues a posted message for every member; the member with id {@code origin} gets {@code own}, if any. */
    void deliver(EncodedFrame frame, EncodedFrame own, long origin) {
        for (Connection member : members) {
            member.deliver(own != null && member.id() == origin ? own : frame);
        }
    }

    /**
     * Queues one encoded frame for every member but the connection with id {@code except}
     * (-1: nobody) and those whose ids are in {@code alsoExcept}.
     */
    void broadcast(EncodedFrame frame, long except, Set<Long> alsoExcept) {
        for (Connection member : members) {
            if (member.id() != except && !alsoExcept.contains(member.id())) {
                member.deliver(frame);
            }
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
