package org.jakartachat.hub;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One timer for all connections: every interval it runs one heartbeat round over them. A
 * connection therefore owns no timer task, and nothing is left scheduled when it goes.
 * A connection that answers no ping is closed at the round after the one that pinged it,
 * so a dead peer is gone within two intervals.
 */
final class Heartbeat {
    private final Runnable round;
    private final Duration interval;
    private ScheduledExecutorService timer;

    Heartbeat(Runnable round, Duration interval) {
        this.round = round;
        this.interval = interval;
    }

    synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "chat-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                System.getLogger(Heartbeat.class.getName()).log(System.Logger.Level.WARNING, "heartbeat round failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }
}
