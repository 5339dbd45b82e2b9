package org.jakartachat.protocol;

import java.util.Locale;

/** The {@code code} of an {@code error} frame, as documented in docs/protocol.adoc. */
public enum ErrorCode {
    /** Not JSON, not an object, a required field missing, or a field of the wrong JSON type. */
    BAD_REQUEST,
    /** A {@code type} the server does not know. */
    UNKNOWN_TYPE,
    /** A room name outside {@code [A-Za-z0-9_-]{1,64}}. */
    INVALID_ROOM,
    /** A name that is empty, too long or has characters other than letters, digits, space, {@code _ - .}. */
    INVALID_NAME,
    /** A rename to a name someone else has (compared without case). */
    NAME_TAKEN,
    /** Leave, typing or message in a room this connection has not joined. */
    NOT_IN_ROOM,
    /** A message text over the configured length. */
    TOO_LONG,
    /** Over the per-connection rate; keeping on gets the connection closed with 1008. */
    RATE_LIMITED,
    /** The server holds its maximum number of rooms and none is empty to make way. */
    ROOMS_FULL,
    /** This connection has joined as many rooms as one connection may. */
    TOO_MANY_ROOMS,
    /** The action is not allowed for this connection (a rename when the name comes from a login). */
    FORBIDDEN,
    /** The server failed while handling the frame; the failure is logged, the connection stays open. */
    INTERNAL,
    /** A direct message to a name nobody holds now (and that is no login the server keeps messages for). */
    NOT_ONLINE,
    /** A direct message to someone who blocks the sender's name. */
    BLOCKED,
    /** Cluster mode: the shared store (Redis) cannot be reached; nothing was posted or joined, try again. */
    UNAVAILABLE;

    /** The code as it appears on the wire, e.g. {@code not_in_room}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
