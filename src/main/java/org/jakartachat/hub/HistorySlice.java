package org.jakartachat.hub;

import java.util.List;
import org.jakartachat.protocol.ServerFrame.Message;

/**
 * What a join gets back: messages oldest first, and whether they are complete (every message
 * after the client's {@code since}, or since the room's start).
 */
public record HistorySlice(List<Message> messages, boolean complete) {
    public HistorySlice {
        messages = List.copyOf(messages);
    }
}
