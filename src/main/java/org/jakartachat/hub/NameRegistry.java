package org.jakartachat.hub;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Who holds which name, unique by {@link Names#key} (names that look alike are one name). A name belongs to a person (an
 * {@link Identity}), shared by all of that person's connections: a login in two tabs, or a
 * guest whose new connection presents the token of the one the server still holds after a
 * drop. It is free again when the person's last connection lets it go. Every claim and
 * release is one atomic map operation, never a check followed by a put.
 */
final class NameRegistry {

    /** The holder of a name: one person, and those of its connections that use the name. */
    private record Holder(String owner, Set<Connection> connections) {
        Holder with(Connection connection) {
            Set<Connection> more = new HashSet<>(connections);
            more.add(connection);
            return new Holder(owner, Set.copyOf(more));
        }

        Holder without(Connection connection) {
            Set<Connection> rest = new HashSet<>(connections);
            rest.remove(connection);
            return rest.isEmpty() ? null : new Holder(owner, Set.copyOf(rest));
        }
    }

    private final ConcurrentMap<String, Holder> holders = new ConcurrentHashMap<>();
    /** The name each person holds on this server, so that its next connection gets the same one. */
    private final ConcurrentMap<String, String> nameOf = new ConcurrentHashMap<>();
    /** Names held on other servers: a name is this server's only once the backplane agrees. */
    private final Registry cluster;
    /**
     * Names that logins have held on this server, the latest {@link #LOGINS_KEPT}: a login's name
     * is its own, taken by nobody else even while it is away, so that a direct message sent to it
     * then is its (a cluster keeps them all in the store).
     */
    private final Map<String, Person> logins = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Person> eldest) {
            return size() > LOGINS_KEPT;
        }
    };
    static final int LOGINS_KEPT = 10_000;
    /** Keys nobody may hold: the server's own voice (the welcome's sender) is not a name to take. */
    private final Set<String> reserved;

    NameRegistry() {
        this(new LocalBackplane(0));
    }

    NameRegistry(Registry cluster, String... reservedNames) {
        this.cluster = cluster;
        Set<String> keys = new HashSet<>();
        for (String name : reservedNames) {
            keys.add(Names.key(name));
        }
        this.reserved = Set.copyOf(keys);
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
     * Claims exactly {@code name} for this connection: true if it is free or its person's
     * already (on this server and, through the backplane, on every other).
     */
    boolean claim(String name, Connection connection) {
        String key = Names.key(name);
        if (reserved.contains(key)) {
            return false;
        }
        Person login = login(key);
        if (login != null && !login.owner().equals(connection.owner())) {
            return false; // a login's name, while it is away too
        }
        Holder holder = holders.compute(key, (k, current) -> current == null
                ? new Holder(connection.owner(), Set.of(connection))
                : current.owner().equals(connection.owner()) ? current.with(connection) : current);
        if (!holder.connections().contains(connection)) {
            return false;
        }
        if (cluster.claimName(key, name, connection.id(), connection.owner(), connection.authenticated())) {
            nameOf.put(connection.owner(), name);
            if (connection.authenticated()) {
                synchronized (logins) {
                    logins.put(key, new Person(connection.owner(), name, false));
                }
            }
            return true;
        }
        release(name, connection); // someone on another server has it
        return false;
    }

    /** Gives up a name for this connection; the person keeps it while another of its connections uses it. */
    void release(String name, Connection connection) {
        holders.computeIfPresent(Names.key(name), (key, current) -> {
            if (!current.connections().contains(connection)) {
                return current;
            }
            cluster.releaseName(key, name, connection.id(), current.owner());
            Holder rest = current.without(connection);
            if (rest == null) {
                nameOf.remove(current.owner(), name);
            }
            return rest;
        });
    }

    /**
     * The name this person holds now, on this server or (through the backplane) another, or
     * null: a person has one name for all its connections, whatever a new one asks for.
     */
    String heldBy(String owner) {
        String here = nameOf.get(owner);
        return here != null ? here : cluster.nameHeldBy(owner);
    }

    /**
     * Who a direct message to {@code name} goes to: the person holding it now, on this server or
     * another, or else the login that has held it; null if neither.
     */
    Person personNamed(String name) throws org.jakartachat.protocol.InvalidFrameException {
        String key = Names.key(name);
        Holder holder = holders.get(key);
        String held = holder == null ? null : nameOf.get(holder.owner());
        if (held != null && Names.key(held).equals(key)) {
            // Only a claim the backplane agreed to: one still asking may be refused, the name being
            // someone's on another server, and must never be handed that someone's messages.
            return new Person(holder.owner(), held, true);
        }
        Person found = cluster.personNamed(key);
        if (found != null) {
            return found.name() != null ? found : new Person(found.owner(), name, found.online());
        }
        return login(key);
    }

    private Person login(String key) {
        synchronized (logins) {
            return logins.get(key);
        }
    }

    /** How many connections use this connection's name, on every server: more than one is a person on several. */
    int sharing(String name, Connection connection) {
        Holder holder = holders.get(Names.key(name));
        int here = holder == null || !holder.connections().contains(connection) ? 0 : holder.connections().size();
        return Math.max(here, cluster.nameHolders(Names.key(name)));
    }

    int size() {
        return holders.size();
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }
}
