package org.jakartachat.hub;

import java.util.List;
import org.jakartachat.protocol.InvalidFrameException;
import org.jakartachat.protocol.ServerFrame.Direct;

/**
 * Direct messages between two people, each person's mailbox of them, and whom each person blocks
 * (a port of {@link Backplane}). People are {@link Identity} keys, never names: the hub looks a
 * name up once, when a message is sent, so a message belongs to the two people it was between
 * and never to whoever takes one of their names later (docs/protocol.adoc, "Direct messages").
 *
 * <p>Every direct message gets a position in one order shared by all of them (a Redis feed
 * entry's id, or a counter on one server); its id is made from that position, so both people
 * see it under one id, and ids order each person's messages.
 */
public interface DirectLog {

    /**
     * Sends {@code text} from one person to another. Returns null when it is new (it reaches
     * every connection of both through {@link Backplane.Deliveries#direct}), or the message the
     * sender first sent with this {@code ref} (a retry, which nobody hears again).
     *
     * @param fromKey the key ({@code Names.key}) of the sender's name, which the recipient may block
     * @throws InvalidFrameException {@code blocked} when the recipient blocks that name (nothing is
     *                               kept); {@code unavailable} when the store cannot take it now
     */
    Direct send(Person from, Person to, String fromKey, String text, String ts, long origin, String ref)
            throws InvalidFrameException;

    /**
     * The person's messages, sent and received, after {@code since} (null: its latest) and at or
     * before {@code upTo}, at most as many as a mailbox keeps.
     */
    DirectSlice read(String owner, String since, FeedPosition upTo) throws InvalidFrameException;

    /** Blocks ({@code blocked}) or unblocks name {@code key} for the person; returns the names it blocks now. */
    List<String> block(String owner, String key, String name, boolean blocked) throws InvalidFrameException;

    /**
     * A position such that every direct message after it reaches a connection that registers
     * with the hub now, and every one at or before it is already in its mailboxes (see
     * {@link People}). Read while registering the connection.
     */
    FeedPosition delivered();
}
