package org.jakartachat.hub;

import org.jakartachat.protocol.ErrorCode;

/**
 * What the hub tells a metrics registry, as it happens: the port the {@code metrics} package
 * implements with Micrometer, so that the hub needs no metrics library and a unit test none.
 * What is better read than told (connections by transport, rooms, memberships) the registry
 * reads from the hub when it is scraped.
 *
 * <p>Called on the hot path ({@link #frameOut} once per delivery), from any thread, sometimes
 * under a room's monitor: an implementation only adds to counters and never blocks.
 */
public interface HubMetrics {
    /** Reports nothing: unit tests, and a hub started without metrics. */
    HubMetrics NONE = new HubMetrics() { };

    /** A connection joined the chat, over {@code transport} ({@link Transport#kind}). */
    default void opened(String transport) {
    }

    /** A connection left the chat, once per connection, for {@code reason}. */
    default void closed(String transport, CloseKind reason) {
    }

    /** A frame was read from a client: its {@code type} (a known one; unknown ones are errors). */
    default void frameIn(String type) {
    }

    /** An error frame was sent to a client. */
    default void errorSent(ErrorCode code) {
    }

    /** A frame of {@code bytes} (its UTF-8 length) went to one client's container to be written. */
    default void frameOut(int bytes) {
    }

    /** A room message was accepted and posted (on this server). */
    default void posted() {
    }

    /** One connection's outbound queue, in frames, as the heartbeat found it. */
    default void outboxDepth(int frames) {
    }

    /** One message broadcast to a room on this server: encoded and queued for every member. */
    default void broadcast(long nanos) {
    }
}
