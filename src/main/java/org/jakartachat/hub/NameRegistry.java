package org.jakartachat.hub;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Who holds which name, unique without regard to case. A guest's name belongs to one
 * connection; a login's name belongs to the login, shared by all its connections (a user
 * with two tabs is the same person). Every claim and release is one atomic map operation,
 * never a check followed by a put.
 */
final class NameRegistry {

    /** The holder of a name: one guest connection, or every connection of one login. */
    private record Holder(Connection guest, String login, Set<Connection> connections) {
        static Holder guest(Connection connection) {
            return new Holder(connection, null, Set.of(connection));
        }

        static Holder login(String login, Set<Connection> connections) {
            return new Holder(null, login, Set.copyOf(connections));
        }
    }

    private final ConcurrentMap<String, Holder> holders = new ConcurrentHashMap<>();
    /** Names held on other servers: a name is this server's only once the backplane agrees. */
    private final Backplane cluster;

    NameRegistry() {
        this(new LocalBackplane());
    }

    NameRegistry(Backplane cluster) {
        this.cluster = cluster;
    }

    /** Claims {@code base}, or the first free of {@code base-2}, {@code base-3}… within the length limit. */
    String claimWithSuffix(String base, Connection connection) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? base : Names.truncate(base, Names.MAX_NAME - 1 - digits(n)) + "-" + n;
            if (claim(candidate, connection)) {
                return candidate;
            }
        }
    }

    /**
     * Claims a login's name for one more of its connections. A guest holding that name
     * keeps it, and the login gets a suffix; another connection of the same login shares it.
     */
    String claimForLogin(String base, String login, Connection connection) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? base : Names.truncate(base, Names.MAX_NAME - 1 - digits(n)) + "-" + n;
            Holder holder = holders.compute(Names.key(candidate), (key, current) -> {
                if (current == null) {
                    return Holder.login(login, Set.of(connection));
                }
                if (login.equals(current.login())) {
                    Set<Connection> more = new java.util.HashSet<>(current.connections());
                    more.add(connection);
                    return Holder.login(login, more);
                }
                return current;
            });
            if (holder.connections().contains(connection)) {
                if (cluster.claimName(Names.key(candidate), connection.id(), login)) {
                    return candidate;
                }
                release(candidate, connection); // a guest elsewhere has it
            }
        }
    }

    /** Claims exactly {@code name} for a guest; true if it is now (or already was) this connection's. */
    boolean claim(String name, Connection connection) {
        String key = Names.key(name);
        Holder mine = Holder.guest(connection);
        Holder holder = holders.putIfAbsent(key, mine);
        if (holder != null) {
            return holder.guest() == connection;
        }
        if (cluster.claimName(key, connection.id(), null)) {
            return true;
        }
        holders.remove(key, mine); // someone on another server has it
        return false;
    }

    /** Gives up a name for this connection; a login's name is freed with its last connection. */
    void release(String name, Connection connection) {
        holders.computeIfPresent(Names.key(name), (key, current) -> {
            if (!current.connections().contains(connection)) {
                return current;
            }
            if (current.login() == null || current.connections().size() == 1) {
                cluster.releaseName(key, connection.id(), current.login());
                return null;
            }
            Set<Connection> rest = new java.util.HashSet<>(current.connections());
            rest.remove(connection);
            return Holder.login(current.login(), rest);
        });
    }

    int size() {
        return holders.size();
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }
}
