package org.jakartachat.hub;

import java.util.List;
import org.jakartachat.protocol.ServerFrame.Direct;

/**
 * What a {@code directs} request gets back: a person's direct messages, oldest first, and whether
 * they are complete (every one after the client's {@code since}, or every one the person has had).
 */
public record DirectSlice(List<Direct> messages, boolean complete) {
    public DirectSlice {
        messages = List.copyOf(messages);
    }
}
