package org.jakartachat.hub;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids a server on its own makes from a counter: {@code <epoch>-<12 digits>}. The epoch is random
 * per instance, so an id from before a restart (or from an evicted room) is recognised as unknown
 * rather than mistaken for a current one; the zero padding makes ids sort as text in their order.
 */
record EpochIds(String epoch) {

    static EpochIds random() {
        return new EpochIds(Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
    }

    String id(long number) {
        return epoch + "-" + String.format("%012d", number);
    }

    /** The number of an id of this epoch, or -1 for any other string. */
    long numberOf(String id) {
        if (id == null || !id.startsWith(epoch + "-")) {
            return -1;
        }
        String digits = id.substring(epoch.length() + 1);
        if (digits.length() != 12 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(digits);
    }
}
