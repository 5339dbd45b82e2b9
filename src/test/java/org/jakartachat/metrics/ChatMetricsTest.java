package org.jakartachat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jakartachat.config.ChatConfig;
import org.jakartachat.hub.Backplane;
import org.jakartachat.hub.ChatHub;
import org.jakartachat.hub.CloseKind;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.FrameCodec;
import org.jakartachat.testing.Metrics;
import org.junit.jupiter.api.Test;

/** The registry's exposition: the names, labels and values an operator's queries rely on. */
class ChatMetricsTest {

    @Test
    void everySeriesIsThereFromTheStartAndCountsWhatItIsTold() {
        ChatConfig config = ChatConfig.defaults();
        Backplane backplane = Backplane.local(config);
        ChatHub hub = new ChatHub(config, new FrameCodec(), backplane);
        try (ChatMetrics metrics = new ChatMetrics()) {
            metrics.watch(hub, backplane, true);
            System.gc(); // a gauge whose object only Micrometer's weak reference held would read NaN now
            Metrics before = Metrics.parse(metrics.scrape(ChatMetrics.PROMETHEUS_TEXT));
            assertEquals(0, before.value("chat_messages_posted_total"));
            assertEquals(0, before.value("chat_connections{transport=\"socketio-polling\"}"));
            assertEquals(0, before.value("chat_connections_closed_total{reason=\"too_slow\",transport=\"websocket\"}"));
            assertEquals(0, before.value("chat_errors_sent_total{code=\"rate_limited\"}"));
            assertEquals(0, before.value("chat_feed_unreadable_entries_total"));
            assertEquals(1, before.value("chat_redis_available"), "the local backplane is always available");
            assertTrue(before.value("chat_rooms") >= 0 && before.value("chat_memberships") == 0);

            metrics.opened("websocket");
            metrics.closed("websocket", CloseKind.TOO_SLOW);
            metrics.frameIn("message");
            metrics.errorSent(ErrorCode.RATE_LIMITED);
            metrics.frameOut(120);
            metrics.frameOut(30);
            metrics.posted();
            metrics.outboxDepth(0);
            metrics.outboxDepth(300);
            metrics.broadcast(2_000_000);
            metrics.redisCall("post", 1_500_000);
            metrics.feedLag(20);
            metrics.outage();
            Metrics after = Metrics.parse(metrics.scrape(ChatMetrics.PROMETHEUS_TEXT));
            assertEquals(1, after.delta(before, "chat_connections_opened_total{transport=\"websocket\"}"));
            assertEquals(1, after.delta(before, "chat_connections_closed_total{reason=\"too_slow\",transport=\"websocket\"}"));
            assertEquals(1, after.delta(before, "chat_frames_in_total{type=\"message\"}"));
            assertEquals(1, after.delta(before, "chat_errors_sent_total{code=\"rate_limited\"}"));
            assertEquals(2, after.delta(before, "chat_frames_out_total"));
            assertEquals(150, after.delta(before, "chat_frames_out_bytes_total"));
            assertEquals(1, after.delta(before, "chat_messages_posted_total"));
            assertEquals(1, after.value("chat_outbox_depth_frames_bucket{le=\"1.0\"}"), "a depth of 0");
            assertEquals(1, after.value("chat_outbox_depth_frames_bucket{le=\"256.0\"}"), "300 is above the last bound");
            assertEquals(2, after.value("chat_outbox_depth_frames_count"));
            assertEquals(1, after.value("chat_broadcast_seconds_bucket{le=\"0.005\"}"));
            assertEquals(0, after.value("chat_broadcast_seconds_bucket{le=\"0.001\"}"));
            assertEquals(1, after.value("chat_redis_call_seconds_count{call=\"post\"}"));
            assertEquals(1, after.value("chat_feed_lag_seconds_count"));
            assertEquals(1, after.value("chat_redis_outages_total"));
            assertTrue(after.has("jvm_memory_used_bytes"));
        } finally {
            hub.shutdown();
        }
    }
}
