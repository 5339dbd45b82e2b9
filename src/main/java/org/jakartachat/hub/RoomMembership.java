package org.jakartachat.hub;

import org.jakartachat.protocol.InvalidFrameException;
import org.jakartachat.protocol.ServerFrame.TypingNotice;

/**
 * Who is in which room, and what they are told of each other (a port of {@link Backplane}).
 * Presence counts people, not connections: a person's first connection into a room, on any
 * server, announces its join, and its last one out its leave.
 */
public interface RoomMembership {
    /**
     * Connection {@code origin} of person {@code owner} enters the room as {@code name}: recorded,
     * announced if it is the person's first, and the room read (members with the joiner, and the
     * latest messages or those after {@code since}), all at one position. All of it or none of
     * it: on {@code unavailable} nothing was done, or (when the store stopped answering in the
     * middle of the call) what was done is undone, which others may see as a join and a leave.
     */
    RoomView enter(String room, long origin, String owner, String name, String since) throws InvalidFrameException;

    /** The room read as {@link #enter} reads it, changing nothing: for a member joining again. */
    RoomView look(String room, String since) throws InvalidFrameException;

    /**
     * The connection left the room; announced if it was its person's last. Never fails and
     * never waits on the store: an adapter that cannot reach it now catches up, in order, later.
     */
    void leave(String room, long origin, String owner);

    /** The connection, still in the room, is now called {@code name}; as {@link #leave}, never fails. */
    void rename(String room, long origin, String owner, String name, String previous);

    /** Passes on a typing notice; dropped when it cannot go at once. */
    void typing(String room, long origin, TypingNotice notice);
}
