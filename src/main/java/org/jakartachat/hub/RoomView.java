package org.jakartachat.hub;

import java.util.List;

/**
 * A room as one read saw it, for a {@code joined} frame: its members (each person once), its
 * history, and the feed position the read was made at. Deliveries up to that position are in
 * the view already; those after it are not.
 */
public record RoomView(List<String> members, HistorySlice history, FeedPosition at) {
    public RoomView {
        members = List.copyOf(members);
    }
}
