package org.jakartachat.hub;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub timer's tasks, run when the test moves the clock (the same one the hub reads), on the
 * test's thread: a test waits on the timer itself, not on the wall clock.
 */
final class ManualScheduler implements HubTimer.Scheduler {
    private record Task(long due, long order, Runnable body) {
    }

    private final AtomicLong nanos;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((x, y) ->
            x.due() != y.due() ? Long.compare(x.due(), y.due()) : Long.compare(x.order(), y.order()));
    private long scheduled;
    private boolean stopped;

    ManualScheduler(AtomicLong nanos) {
        this.nanos = nanos;
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        if (stopped) {
            throw new RejectedExecutionException("stopped");
        }
        tasks.add(new Task(nanos.get() + delay.toNanos(), scheduled++, task));
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        tasks.clear();
    }

    /** Moves the clock on by {@code by}, running each task that falls due on the way, in order. */
    void advance(Duration by) {
        long until = nanos.get() + by.toNanos();
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due() > until) {
                    break;
                }
                tasks.poll();
            }
            nanos.set(Math.max(nanos.get(), next.due()));
            next.body().run();
        }
        nanos.set(until);
    }
}
