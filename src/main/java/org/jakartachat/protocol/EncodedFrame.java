package org.jakartachat.protocol;

/**
 * A server frame's JSON text, encoded once. A broadcast hands the same instance to every
 * recipient, so a room of a thousand costs one encoding, not a thousand. Only the text is
 * kept: a frame waiting in a slow client's queue holds no copy of the objects it came from.
 */
public record EncodedFrame(String json) {
}
