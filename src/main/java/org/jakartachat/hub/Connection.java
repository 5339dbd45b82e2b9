package org.jakartachat.hub;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jakartachat.protocol.EncodedFrame;

/**
 * One client connection as the hub sees it. Its monitor guards its name, its rooms and the
 * closed flag (see the package documentation for the lock order). The outbox, the heartbeat
 * flag and the rate-limit state have their own rules, noted on each.
 */
public final class Connection {
    private final long id;
    private final Transport transport;
    private final Outbox outbox;
    /** True when the name came from a container login; such a name cannot be changed. */
    private final boolean authenticated;

    /** Written under the monitor, read by other rooms' broadcasts (member lists): volatile. */
    private volatile String name;
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private boolean closed;

    /** Used only while handling this connection's own frames, under the monitor. */
    final TokenBucket frames;
    final TokenBucket messages;
    int strikes;

    /** Set by the heartbeat when it pings, cleared by any sign of life. */
    private volatile boolean awaitingPong;

    Connection(long id, Transport transport, boolean authenticated, OutboxFactory outboxes,
               TokenBucket frames, TokenBucket messages) {
        this.id = id;
        this.transport = transport;
        this.authenticated = authenticated;
        this.outbox = outboxes.create(this);
        this.frames = frames;
        this.messages = messages;
    }

    /** How a connection gets its outbox, which must call back into the hub with the connection. */
    interface OutboxFactory {
        Outbox create(Connection connection);
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    void name(String newName) {
        this.name = newName;
    }

    boolean authenticated() {
        return authenticated;
    }

    Transport transport() {
        return transport;
    }

    /** Queues a frame for this connection; never blocks. */
    void deliver(EncodedFrame frame) {
        outbox.offer(frame);
    }

    Outbox outbox() {
        return outbox;
    }

    // --- guarded by this ---

    boolean isClosed() {
        return closed;
    }

    /** Marks the connection closed and hands back its rooms; false if it already was. */
    List<Room> closeAndTakeRooms() {
        if (closed) {
            return null;
        }
        closed = true;
        List<Room> taken = List.copyOf(rooms.values());
        rooms.clear();
        return taken;
    }

    Room room(String roomName) {
        return rooms.get(roomName);
    }

    void addRoom(Room room) {
        rooms.put(room.name, room);
    }

    void removeRoom(Room room) {
        rooms.remove(room.name, room);
    }

    int roomCount() {
        return rooms.size();
    }

    Collection<Room> rooms() {
        return rooms.values();
    }

    // --- heartbeat ---

    void alive() {
        awaitingPong = false;
    }

    /** Marks a ping as sent; returns true if the previous one was never answered. */
    boolean pingAndCheckSilent() {
        boolean silent = awaitingPong;
        awaitingPong = true;
        return silent;
    }

    @Override
    public String toString() {
        return "#" + id + " " + name + " (" + transport.describe() + ")";
    }
}
