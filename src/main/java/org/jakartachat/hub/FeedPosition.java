package org.jakartachat.hub;

/**
 * Where an event stands in the one order a room's events are delivered in: a Redis feed entry's
 * id in a cluster, a counter on one server. A join reads the room as of a position and takes,
 * of the deliveries that reach it meanwhile, only those after it (see {@link Room}).
 */
public record FeedPosition(long high, long low) implements Comparable<FeedPosition> {
    /** Before every event. */
    public static final FeedPosition START = new FeedPosition(0, 0);

    @Override
    public int compareTo(FeedPosition other) {
        int byHigh = Long.compare(high, other.high);
        return byHigh != 0 ? byHigh : Long.compare(low, other.low);
    }

    public boolean after(FeedPosition other) {
        return compareTo(other) > 0;
    }
}
