package org.jakartachat.hub;

import org.jakartachat.protocol.InvalidFrameException;
import org.jakartachat.protocol.ServerFrame.Message;

/** A room's messages: where each gets its place in the room's one order (a port of {@link Backplane}). */
public interface RoomLog {
    /**
     * Posts a message. Returns null when it is new (it reaches everyone, its sender too, through
     * {@link Backplane.Deliveries}), or the message this person ({@code owner}, an
     * {@link Identity} key) first posted with this {@code ref} in this room: a retry, which
     * nobody hears again. Another person's ref never matches.
     *
     * @throws InvalidFrameException {@code unavailable} when the store cannot take it now
     */
    Message post(String room, long origin, String owner, String from, String text, String ts, String ref)
            throws InvalidFrameException;
}
