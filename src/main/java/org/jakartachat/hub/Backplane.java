package org.jakartachat.hub;

import org.jakartachat.protocol.ServerFrame.Direct;
import org.jakartachat.protocol.ServerFrame.Message;
import org.jakartachat.protocol.ServerFrame.Presence;
import org.jakartachat.protocol.ServerFrame.TypingNotice;

/**
 * What shares rooms and direct messages between servers, as the hub sees it: four ports out of
 * the hub ({@link RoomLog}, {@link RoomMembership}, {@link Registry}, {@link DirectLog}) and one into it
 * ({@link Deliveries}). The local adapter keeps everything in memory; the Redis adapter
 * (package {@code cluster}) keeps it in Redis, so several servers behind one URL share it.
 *
 * <p>The hub calls the outward ports holding none of its monitors, and an adapter never takes
 * one: whatever an adapter has to say to the hub's members goes through {@link Deliveries},
 * which takes the room's monitor itself. So a slow store slows down only the call waiting on it.
 */
public interface Backplane {

    /** The backplane of one server on its own: rooms, history and presence in this JVM. */
    static Backplane local(org.jakartachat.config.ChatConfig config) {
        return new LocalBackplane(config);
    }

    /**
     * How events reach this server's members: each room's in one order, the order of their
     * {@link FeedPosition}s. The local adapter calls it on the thread that made the event, the
     * Redis adapter on its feed reader. Each call takes the monitor of the room it delivers to,
     * and of no other.
     */
    interface Deliveries {
        /**
         * A message posted to the room. {@code origin} is the posting connection's id if it is
         * on this server (it gets the copy carrying {@code ref}), else -1.
         */
        void message(String room, FeedPosition at, Message message, long origin, String ref);

        /** A presence change, for every member of the room but connection {@code except} (-1: nobody). */
        void presence(String room, FeedPosition at, Presence presence, long except);

        /** A typing notice, for every member of the room but connection {@code except}. */
        void typing(String room, TypingNotice notice, long except);

        /**
         * A direct message, for every connection of both people ({@link Identity} keys) on this
         * server. Direct messages come in the order of their positions, all of them in one order.
         * {@code origin} is the sending connection's id if it is on this server (it gets the copy
         * carrying {@code ref}), else -1.
         */
        void direct(FeedPosition at, Direct message, String from, String to, long origin, String ref);

        /** Whether the person has a connection on this server (whose mailbox is not to be let go of). */
        boolean present(String person);
    }

    RoomLog log();

    RoomMembership membership();

    Registry registry();

    DirectLog directs();

    /** Tells the backplane whom it delivers to; the hub calls it once, when it is built. */
    void attach(Deliveries deliveries);

    /** Starts whatever delivers from elsewhere (the Redis adapter's reader). */
    void start();

    /**
     * The hub no longer holds the room (evicted, empty): what the adapter keeps for this
     * server alone may go. A shared store keeps the room for the other servers.
     */
    void forget(String room);

    /** True while messages can be posted and rooms joined; false during an outage of the shared store. */
    boolean available();

    /** Entries of the shared store that could not be read and were skipped (0 on one server). */
    default long unreadableEntries() {
        return 0;
    }

    /** Stops delivering and lets go of connections. */
    void stop();
}
