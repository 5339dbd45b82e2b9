package org.jakartachat.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts chat messages received by every connection and keeps each one's latency. A message
 * text is {@code "m <send nanoTime> <n>"}: senders and receivers share this process's clock.
 */
final class Deliveries {
    private final LongAdder received = new LongAdder();
    private final LongAdder frames = new LongAdder();
    private final AtomicLong lastAt = new AtomicLong();
    private final AtomicInteger closes = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile long[] latencies = new long[0];
    private final AtomicInteger recorded = new AtomicInteger();
    private volatile boolean recording;

    static String text(long sentAt, long n) {
        return "m " + sentAt + " " + n;
    }

    /** Starts a measurement keeping up to {@code capacity} latencies. */
    void start(int capacity) {
        latencies = new long[capacity];
        recorded.set(0);
        received.reset();
        recording = true;
    }

    void stop() {
        recording = false;
    }

    void received(String text, long now) {
        received.increment();
        lastAt.accumulateAndGet(now, Math::max);
        if (!recording) {
            return;
        }
        int space = text.indexOf(' ', 2);
        long sentAt = Long.parseLong(text, 2, space, 10);
        int slot = recorded.getAndIncrement();
        long[] into = latencies;
        if (slot < into.length) {
            into[slot] = now - sentAt;
        }
    }

    /** Any frame at all, chat message or not. */
    void frame() {
        frames.increment();
    }

    long frames() {
        return frames.sum();
    }

    void closedByServer(int status) {
        closes.incrementAndGet();
    }

    void failed(Throwable error) {
        failures.incrementAndGet();
    }

    long count() {
        return received.sum();
    }

    long lastAt() {
        return lastAt.get();
    }

    int closes() {
        return closes.get();
    }

    int failures() {
        return failures.get();
    }

    /** p50, p99 and max in milliseconds over what was recorded. */
    double[] percentilesMillis() {
        int n = Math.min(recorded.get(), latencies.length);
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new double[] {sorted[(int) (n * 0.50)] / 1e6, sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
                sorted[n - 1] / 1e6};
    }
}
