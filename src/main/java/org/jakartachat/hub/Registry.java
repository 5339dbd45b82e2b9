package org.jakartachat.hub;

import java.util.function.IntSupplier;
import org.jakartachat.protocol.InvalidFrameException;

/** Names and online counts across servers (a port of {@link Backplane}); on one server the hub's own are the truth. */
public interface Registry {
    /**
     * Claims a name across servers for one connection of person {@code owner}: every connection
     * of that person may hold it at once. False if another person holds it, or it is a name a
     * login other than this person has held ({@code login}: the claimant is a login, and the
     * name becomes its for good).
     */
    boolean claimName(String key, String name, long connection, String owner, boolean login);

    /**
     * The person holding the name on any server, or else the login that has held it; null if
     * neither (on one server: always null, the hub knows).
     *
     * @throws InvalidFrameException {@code unavailable} when the store cannot answer
     */
    Person personNamed(String key) throws InvalidFrameException;

    /** Gives up one connection's claim, without waiting; the name is free once none of its person's connections holds it. */
    void releaseName(String key, String name, long connection, String owner);

    /** The name person {@code owner} holds on any server, or null (on one server: always null, the hub knows). */
    String nameHeldBy(String owner);

    /** Connections on every server that hold the name ({@code key}); 0 where the hub's own count is the truth. */
    int nameHolders(String key);

    /** Connections online on every server: this server's {@code here} and the counts the others recorded. */
    int online(int here);

    /**
     * Records this server's count of connections for the other servers, without waiting. The
     * count is read from {@code here} when the record is made, not when it is asked for, so
     * records that cross never leave an older count standing.
     */
    void record(IntSupplier here);

    /**
     * As {@link #record}, and the count is written before it returns unless the store fails: a
     * connection told the count is in the counts the other servers make after that.
     */
    void recordNow(IntSupplier here);
}
