package org.jakartachat.hub;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} tokens to start with, refilled at {@code ratePerSecond}.
 * Each connection has its own, used only from the thread handling that connection's frame
 * (under the connection's monitor), so it needs no synchronization of its own.
 */
final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime) {
        this.ratePerNano = ratePerSecond / 1_000_000_000d;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes one token if there is one. */
    boolean tryTake() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
