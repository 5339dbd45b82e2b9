package org.jakartachat.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.jakartachat.protocol.EncodedFrame;

/**
 * This server's connections by person, for direct messages, which go to every connection of a
 * person rather than to a room.
 *
 * <p>Each connection gets every direct message once: those after the position it registered at
 * live, through {@link #deliver}, and those at or before it from its mailbox, when it asks
 * ({@code directs}), cut at that position. For that cut to be exact, a connection registers
 * holding its person's monitor and reads {@link DirectLog#delivered} after it is in the map, and
 * a delivery takes the same monitor and skips connections registered at or after it. A delivery
 * that looked the person up just before a new connection came finds the position already past
 * its message (the backplane moves it before delivering), so that message is in the mailbox;
 * one that finds an entry its last connection has just left finds it empty.
 *
 * <p>Lock order: whatever the backplane holds to give direct messages their one order, then a
 * person's monitor. Nothing under a person's monitor blocks: enqueuing is an offer to a bounded queue.
 */
final class People {

    /** One person's connections on this server; guarded by its own monitor. */
    private static final class Present {
        final List<Connection> connections = new ArrayList<>(2);
        /** Set, under the monitor, when its last connection left and it is taken out of the map. */
        boolean gone;
    }

    private final ConcurrentMap<String, Present> byOwner = new ConcurrentHashMap<>();
    private final Supplier<FeedPosition> delivered;

    People(Supplier<FeedPosition> delivered) {
        this.delivered = delivered;
    }

    /**
     * The connection gets its person's direct messages from now on. The person is in the map
     * before the position is read (not inside the map's {@code compute}, while which a new key is
     * not visible yet to a delivery, whose message would then reach neither the connection nor
     * its cut of the mailbox).
     */
    void arrive(Connection connection) {
        while (true) {
            Present here = byOwner.computeIfAbsent(connection.owner(), owner -> new Present());
            synchronized (here) {
                if (here.gone) {
                    continue; // its last connection left meanwhile: take the person's new entry
                }
                here.connections.add(connection);
                connection.directsFrom(delivered.get());
                return;
            }
        }
    }

    /** The connection is gone; its person leaves the map with its last one. */
    void leave(Connection connection) {
        Present here = byOwner.get(connection.owner());
        if (here == null) {
            return;
        }
        synchronized (here) {
            if (here.connections.remove(connection) && here.connections.isEmpty()) {
                here.gone = true;
                byOwner.remove(connection.owner(), here);
            }
        }
    }

    /** Whether the person has a connection on this server. */
    boolean here(String owner) {
        return byOwner.containsKey(owner);
    }

    /**
     * Queues a direct message at {@code at} for every connection of the person registered before
     * it; the connection with id {@code origin} gets {@code own} instead, if given.
     */
    void deliver(String owner, FeedPosition at, EncodedFrame frame, EncodedFrame own, long origin) {
        Present present = byOwner.get(owner);
        if (present == null) {
            return;
        }
        synchronized (present) {
            for (Connection connection : present.connections) {
                if (at.after(connection.directsFrom())) {
                    connection.deliver(own != null && connection.id() == origin ? own : frame);
                }
            }
        }
    }

    /** People with a connection here, for tests that check nothing is left behind. */
    int size() {
        return byOwner.size();
    }
}
