package org.jakartachat.testing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Names and rooms no other test uses, against a server that outlives each test. */
public final class Unique {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Unique() {
    }

    /** {@code base} and a suffix of letters and digits: a valid name or room, well within every limit. */
    public static String unique(String base) {
        return base + SEQUENCE.incrementAndGet() + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }
}
