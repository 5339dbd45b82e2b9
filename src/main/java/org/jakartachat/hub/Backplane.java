package org.jakartachat.hub;

import java.util.List;
import java.util.Set;
import org.jakartachat.protocol.InvalidFrameException;
import org.jakartachat.protocol.ServerFrame.Message;
import org.jakartachat.protocol.ServerFrame.Presence;
import org.jakartachat.protocol.ServerFrame.TypingNotice;

/**
 * Where each room's messages get their one order and their history, and how they reach the
 * room's members: the hub's port to whatever shares rooms between servers. The local adapter
 * keeps both in the room itself; the Redis adapter (package {@code cluster}) keeps them in a
 * Redis stream per room, so several servers behind one URL share them.
 *
 * <p>Room calls are made holding the room's monitor; a message posted (or a presence change)
 * reaches the members only through the {@link Receiver}, which the local adapter calls at once
 * on the calling thread and the Redis adapter on its reader thread, in the feed's order.
 */
public interface Backplane {

    /** What the hub does with each message of a room, in the room's order. */
    interface Receiver {
        /**
         * Runs {@code action} holding the monitor of this server's room of that name, and
         * returns true; returns false without running it if this server holds no such room.
         */
        boolean inRoom(String room, Runnable action);

        /**
         * Gives a message to this server's members of the room; the caller holds the room's
         * monitor (in {@link #inRoom}, or in {@link Backplane#post} and {@link Backplane#history}).
         * {@code origin} is the id of the posting connection if it is on this server (it gets
         * the copy carrying {@code ref}), else -1.
         */
        void deliver(String room, Message message, long origin, String ref);

        /**
         * Announces a presence change to this server's members of the room, except the
         * connection with id {@code origin} (-1: nobody excepted) and those in {@code joinedSince},
         * who joined after the change and whose member list has it already; the caller holds the
         * room's monitor.
         */
        void presence(String room, Presence presence, long origin, Set<Long> joinedSince);

        /** Passes a typing notice to this server's members of the room but {@code origin}; holds the monitor. */
        void typing(String room, TypingNotice notice, long origin);
    }

    /** Tells the backplane whom it delivers to; the hub calls it once, when it is built. */
    void attach(Receiver receiver);

    /** Starts whatever delivers from elsewhere (the Redis adapter's reader). */
    void start();

    /**
     * Posts a message. Returns null when it is new (it reaches everyone through the receiver),
     * or the message this person ({@code owner}, an {@link Identity} key) first posted with this
     * {@code ref} in this room (a retry: nobody hears it again). Another person's ref never
     * matches: refs are deduplicated per sender, not per room.
     *
     * @throws InvalidFrameException {@code unavailable} when the store cannot take it now
     */
    Message post(Room room, long origin, String owner, String from, String text, String ts, String ref)
            throws InvalidFrameException;

    /**
     * The history a join gets: the latest messages, or those after {@code since}. Once it
     * returns, the receiver has delivered every message up to the last one it contains, so a
     * member added now gets each later message exactly once.
     */
    HistorySlice history(Room room, String since) throws InvalidFrameException;

    /**
     * Records that connection {@code origin} of person {@code owner} joined or left the room, or
     * renamed there (holding the room's monitor), and announces what that means for people: a
     * join when the person's first connection (on any server) enters, a leave when its last one
     * goes, every rename; {@code count} is the people in the room. Never fails: an adapter that
     * cannot reach its store catches up once it can.
     */
    void presence(Room room, long origin, String owner, String event, String name, String previous);

    /** Passes on a typing notice (holding the room's monitor); dropped while the store is away. */
    void typing(Room room, long origin, TypingNotice notice);

    /** The names of the room's members, each person once, on every server (holding the room's monitor). */
    List<String> members(Room room) throws InvalidFrameException;

    /** Connections online on every server, given this server's count (which it also records). */
    int online(int here);

    /** Records this server's count of connections for the other servers, reading nothing back. */
    void record(int here);

    /**
     * Claims a name across servers for one connection of person {@code owner}: every connection
     * of that person may hold it at once. False if another person holds it.
     */
    boolean claimName(String key, String name, long connection, String owner);

    /** Gives up one connection's claim; the name is free once none of its person's connections holds it. */
    void releaseName(String key, String name, long connection, String owner);

    /** The name person {@code owner} holds on any server, or null (on one server: always null, the hub knows). */
    String nameHeldBy(String owner);

    /** Connections on every server that hold the name ({@code key}); 0 where the hub's own count is the truth. */
    int nameHolders(String key);

    /** True while messages can be posted; false during an outage of the shared store. */
    boolean available();

    /** Entries of the shared store that could not be read and were skipped (0 on one server). */
    default long unreadableEntries() {
        return 0;
    }

    /** Stops delivering and lets go of connections. */
    void stop();
}
