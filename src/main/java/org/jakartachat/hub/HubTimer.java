package org.jakartachat.hub;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The hub's one timer thread: the heartbeat round and the deadline of each graceful close.
 * A connection owns no timer task of its own, so nothing stays scheduled when it goes, and
 * the thread ends with the hub.
 */
final class HubTimer {
    private static final System.Logger LOG = System.getLogger(HubTimer.class.getName());

    private final HubThreads threads = new HubThreads("chat-timer");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(threads);

    /** Runs {@code round} every interval (the heartbeat; its rules are in Connection#beat). */
    void every(Duration interval, Runnable round) {
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "timer task failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} once after {@code delay}; does nothing once the timer is stopped. */
    void after(Duration delay, Runnable task) {
        try {
            timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // stopping: the hub closes every connection itself
        }
    }

    void stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.join(5_000);
    }
}
