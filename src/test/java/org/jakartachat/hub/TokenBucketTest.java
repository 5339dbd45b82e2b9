package org.jakartachat.hub;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    @Test
    void allowsTheBurstThenTheRate() {
        AtomicLong now = new AtomicLong();
        TokenBucket bucket = new TokenBucket(5, 10, now::get);
        for (int i = 0; i < 10; i++) {
            assertTrue(bucket.tryTake(), "burst " + i);
        }
        assertFalse(bucket.tryTake());
        now.addAndGet(199_000_000L); // 0.995 tokens
        assertFalse(bucket.tryTake());
        now.addAndGet(1_000_000L);
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
        now.addAndGet(60_000_000_000L); // a minute refills to the burst, no further
        for (int i = 0; i < 10; i++) {
            assertTrue(bucket.tryTake());
        }
        assertFalse(bucket.tryTake());
    }
}
