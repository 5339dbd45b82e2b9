package org.jakartachat.hub;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The hub's timer: the heartbeat round, the deadline of each graceful close, and each large
 * room's next presence diff. A connection owns no timer task of its own, so nothing stays
 * scheduled when it goes. Tasks run on a {@link Scheduler}: in a server one thread of the
 * hub's, which ends with the hub; in a unit test one the test moves by hand, so that a test
 * waits on the timer itself rather than sleeping.
 */
final class HubTimer {
    private static final System.Logger LOG = System.getLogger(HubTimer.class.getName());

    /** Where the timer's tasks run. */
    interface Scheduler {
        /** Runs {@code task} once, {@code delay} from now; may refuse once stopped. */
        void schedule(Runnable task, Duration delay) throws RejectedExecutionException;

        /** Runs no more tasks, and lets go of any thread. */
        void stop();
    }

    private final Scheduler scheduler;

    /** A timer on a thread of its own. */
    HubTimer() {
        this(new ThreadScheduler());
    }

    HubTimer(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Runs {@code round} every interval, each one interval after the last ended (the heartbeat; its rules are in Connection#beat). */
    void every(Duration interval, Runnable round) {
        after(interval, () -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "timer task failed", e);
            }
            every(interval, round);
        });
    }

    /** Runs {@code task} once after {@code delay}; does nothing once the timer is stopped. */
    void after(Duration delay, Runnable task) {
        try {
            scheduler.schedule(task, delay);
        } catch (RejectedExecutionException stopped) {
            // stopping: the hub closes every connection itself
        }
    }

    void stop() {
        scheduler.stop();
    }

    /** The server's scheduler: one thread, ended with the hub. */
    private static final class ThreadScheduler implements Scheduler {
        private final HubThreads threads = new HubThreads("chat-timer");
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(threads);

        @Override
        public void schedule(Runnable task, Duration delay) {
            timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            threads.join(5_000);
        }
    }
}
