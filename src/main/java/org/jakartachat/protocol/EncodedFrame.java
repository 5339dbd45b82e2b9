package org.jakartachat.protocol;

/**
 * A server frame together with its JSON text, encoded once. A broadcast hands the same
 * instance to every recipient, so a room of a thousand costs one encoding, not a thousand.
 */
public record EncodedFrame(ServerFrame frame, String json) {
}
