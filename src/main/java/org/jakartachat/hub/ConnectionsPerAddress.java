package org.jakartachat.hub;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many connections each client address has open, and the most it may: without a limit,
 * one process opening connections multiplies every per-connection limit (1,500 were opened in
 * 1.8 s). Each take and release is one atomic map operation. A connection whose address the
 * transport does not give (null) is not counted; the WAR's handshake filter gives one on every
 * server.
 */
final class ConnectionsPerAddress {
    private final ConcurrentMap<String, Integer> open = new ConcurrentHashMap<>();
    private final int max;

    ConnectionsPerAddress(int max) {
        this.max = max;
    }

    /** Counts one more connection from {@code address}; false, counting nothing, if it has the most already. */
    boolean take(String address) {
        if (address == null) {
            return true;
        }
        boolean[] taken = new boolean[1];
        open.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Counts one connection less; each successful {@link #take} is released once. */
    void release(String address) {
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
        }
    }

    /** Whether {@code address} has as many connections as it may: the handshake is then refused early. */
    boolean full(String address) {
        return address != null && open.getOrDefault(address, 0) >= max;
    }

    /** Addresses with a connection open, for tests that check nothing is left counted. */
    int addresses() {
        return open.size();
    }
}
