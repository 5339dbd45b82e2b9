package org.jakartachat.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for state that other threads fill (counters, presence lists): there is no event to wait on. */
public final class Polling {
    private Polling() {
    }

    public static void waitFor(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
