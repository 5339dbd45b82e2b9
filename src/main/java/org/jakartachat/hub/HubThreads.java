package org.jakartachat.hub;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the hub's threads and waits for them to end. An executor reports itself terminated a
 * moment before its last thread has exited; Tomcat checks for leftover threads right after
 * the application stops and warns of a leak, so the hub joins its threads before returning.
 */
final class HubThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    HubThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        // A thread inherits its maker's context class loader, and a pool makes one wherever a
        // task is queued (inside a send on Tyrus, the platform loader): the application's, always.
        thread.setContextClassLoader(HubThreads.class.getClassLoader());
        threads.add(thread);
        threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        return thread;
    }

    /** Waits up to {@code millis} for every thread made here to end. */
    void join(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        for (Thread thread : threads) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            try {
                thread.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
