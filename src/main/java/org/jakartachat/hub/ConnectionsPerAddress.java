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
    /** An address as first counted, and its connections open. */
    private record Count(String address, int open) {
    }

    private final ConcurrentMap<String, Count> open = new ConcurrentHashMap<>();
    private final int max;

    ConnectionsPerAddress(int max) {
        this.max = max;
    }

    /**
     * Counts one more connection from {@code address}. Returns the address as this count keeps
     * it (one string per address, however many connections share it, for the connection to keep),
     * or null, counting nothing, if the address has the most already. A null address is not
     * counted and comes back as null.
     */
    String take(String address) {
        if (address == null) {
            return null;
        }
        boolean[] taken = new boolean[1];
        Count count = open.compute(address, (a, current) -> {
            if (current == null) {
                taken[0] = true;
                return new Count(a, 1);
            }
            if (current.open() >= max) {
                return current;
            }
            taken[0] = true;
            return new Count(current.address(), current.open() + 1);
        });
        return taken[0] ? count.address() : null;
    }

    /** Counts one connection less; each successful {@link #take} is released once. */
    void release(String address) {
        if (address != null) {
            open.computeIfPresent(address, (a, current) -> current.open() == 1 ? null
                    : new Count(current.address(), current.open() - 1));
        }
    }

    /** Whether {@code address} has as many connections as it may: the handshake is then refused early. */
    boolean full(String address) {
        Count count = address == null ? null : open.get(address);
        return count != null && count.open() >= max;
    }

    /** Addresses with a connection open, for tests that check nothing is left counted. */
    int addresses() {
        return open.size();
    }
}
