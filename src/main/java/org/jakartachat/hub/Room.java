package org.jakartachat.hub;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jakartachat.protocol.EncodedFrame;

/**
 * One room: its members and its history. Every method must be called holding the room's
 * monitor; {@link ChatHub} does so, and that is what gives every member one order.
 */
public final class Room {
    final String name;
    final History history;
    private final Set<Connection> members = new LinkedHashSet<>();
    private long lastActive;
    /** Presence changes waiting for the next diff; null while presence goes out at once. */
    private PresenceBatch presence;
    /** Set when the directory evicts this room; a join that raced with it looks the room up again. */
    private boolean retired;

    Room(String name, History history, long now) {
        this.name = name;
        this.history = history;
        this.lastActive = now;
    }

    /** The room's name, for a backplane adapter outside this package. */
    public String name() {
        return name;
    }

    boolean add(Connection connection, long now) {
        lastActive = now;
        return members.add(connection);
    }

    /** True only if the connection was a member: the caller that removed it announces it. */
    boolean remove(Connection connection, long now) {
        lastActive = now;
        return members.remove(connection);
    }

    int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    List<String> memberNames() {
        List<String> names = new ArrayList<>(members.size());
        members.forEach(m -> names.add(m.name()));
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

    boolean retired() {
        return retired;
    }

    void retire() {
        retired = true;
    }
}
