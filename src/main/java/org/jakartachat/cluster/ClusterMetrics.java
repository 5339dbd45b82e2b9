package org.jakartachat.cluster;

/**
 * What the Redis backplane tells a metrics registry: the port the {@code metrics} package
 * implements with Micrometer. Called on the reader's thread and on threads handling clients'
 * frames; an implementation only adds to counters and never blocks.
 */
public interface ClusterMetrics {
    /** Reports nothing. */
    ClusterMetrics NONE = new ClusterMetrics() { };

    /** One call to Redis made for a client's frame ({@code post}, {@code join}, {@code direct}) took {@code nanos}, answered or not. */
    default void redisCall(String call, long nanos) {
    }

    /** This server read a feed entry {@code millis} after Redis stamped it (the entry's id is its time). */
    default void feedLag(long millis) {
    }

    /** Redis stopped answering: the start of an outage (the reader or a failed call noticed). */
    default void outage() {
    }
}
