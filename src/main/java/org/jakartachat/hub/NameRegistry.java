package org.jakartachat.hub;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Who holds which name, unique without regard to case. Claims are single atomic
 * {@code putIfAbsent}s, never a check followed by a put.
 */
final class NameRegistry {
    private final ConcurrentMap<String, Connection> holders = new ConcurrentHashMap<>();

    /** Claims {@code base}, or the first free of {@code base-2}, {@code base-3}… within the length limit. */
    String claimWithSuffix(String base, Connection connection) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? base : Names.truncate(base, Names.MAX_NAME - 1 - digits(n)) + "-" + n;
            if (holders.putIfAbsent(Names.key(candidate), connection) == null) {
                return candidate;
            }
        }
    }

    /** Claims exactly {@code name}; true if it is now (or already was) this connection's. */
    boolean claim(String name, Connection connection) {
        Connection holder = holders.putIfAbsent(Names.key(name), connection);
        return holder == null || holder == connection;
    }

    /** Gives up a name, only if this connection holds it. */
    void release(String name, Connection connection) {
        holders.remove(Names.key(name), connection);
    }

    int size() {
        return holders.size();
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }
}
