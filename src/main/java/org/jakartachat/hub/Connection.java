package org.jakartachat.hub;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jakartachat.protocol.EncodedFrame;

/**
 * One client connection as the hub sees it. Its monitor guards its rooms and the closed flag,
 * and is held only to read or change them, never across a call out of the hub (see the package
 * documentation). Its frames are handled one at a time under {@link #handling()}. The outbox,
 * the heartbeat flag and the rate-limit state have their own rules, noted on each.
 */
public final class Connection {
    private final long id;
    private final Transport transport;
    private final Outbox outbox;
    /**
     * The person this connection speaks for ({@link Identity#key}), and whether it is a login.
     * The guest's token itself is not kept: it is needed only for the welcome.
     */
    private final String owner;
    private final boolean login;
    /** The client address the per-address limits count it under (see ClientAddresses), or null when unknown. */
    private final String address;
    /** Whether the address's count has been given back; guarded by this. */
    private boolean addressReleased;

    /** Written only while handling this connection's frames (or before it is published); read anywhere. */
    private volatile String name;
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    /**
     * The position it registered for direct messages at: those after it come live, those at or
     * before it from the mailbox (see People). Written once, under its person's monitor in People.
     */
    private volatile FeedPosition directsFrom = FeedPosition.START;
    /** Written under the monitor; read without it to stop handling frames of a closed connection. */
    private volatile boolean closed;
    /**
     * Held while one of this connection's frames is handled, which may wait on the backplane: the
     * container delivers a connection's frames one at a time anyway, and a lock apart from the
     * monitor keeps a close (from the heartbeat, say) from waiting on that.
     */
    private final Object handling = new Object();

    /** Used only while handling this connection's own frames, under {@link #handling()}. */
    final TokenBucket frames;
    final TokenBucket messages;
    /** Made on the first rename: most connections never rename, and idle ones cost heap. */
    private TokenBucket renames;
    /** Made on the first join; each join's answer carries a room's history. */
    private TokenBucket joins;
    private int strikes;
    private long lastStrikeAt;

    /**
     * A pause this long between two rate-limited frames forgives the earlier ones. Not "an
     * allowed frame forgives": a flooder gets a token back every 1/rate seconds, and on a busy
     * server its flood then never adds up to a close.
     */
    static final long STRIKES_FORGOTTEN_AFTER_NANOS = 1_000_000_000L;

    /**
     * Heartbeat state, written by the heartbeat, the writer and the receiving thread; each
     * field is independent and a stale read only delays a decision by one round.
     */
    private volatile boolean pingQueued;
    /**
     * Frames (and parts of frames) heard from the client so far: a server close waits for this
     * to stop moving (see ChatHub#close). Written only by the thread delivering this
     * connection's frames, one at a time, so a volatile field is enough.
     */
    private volatile long heard;
    private volatile long pingQueuedAt;
    /**
     * When the first part of a message still unfinished arrived (0: none). Written only by the
     * thread delivering this connection's frames; read by the heartbeat, which closes a
     * connection whose message has taken longer than an interval.
     */
    private volatile long partSince;
    private volatile boolean awaitingPong;
    private volatile long pingWrittenAt;

    /** What one heartbeat round does with this connection. */
    enum Beat {
        /** Queue a ping. */
        PING,
        /** A ping is on its way or awaiting its answer, still within time. */
        WAIT,
        /** No answer within an interval of the ping being written, or the ping was never written. */
        SILENT
    }

    Connection(long id, Transport transport, Identity identity, OutboxFactory outboxes,
               TokenBucket frames, TokenBucket messages) {
        this(id, transport, identity, null, outboxes, frames, messages);
    }

    Connection(long id, Transport transport, Identity identity, String address, OutboxFactory outboxes,
               TokenBucket frames, TokenBucket messages) {
        this.id = id;
        this.address = address;
        this.transport = transport;
        this.owner = identity.key();
        this.login = identity.isLogin();
        this.outbox = outboxes.create(this);
        this.frames = frames;
        this.messages = messages;
    }

    /** How a connection gets its outbox, which must call back into the hub with the connection. */
    interface OutboxFactory {
        Outbox create(Connection connection);
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    void name(String newName) {
        this.name = newName;
    }

    /** True when the name came from a container login; such a name cannot be changed. */
    boolean authenticated() {
        return login;
    }

    /** The person's key: what names, refs and room counts are kept by. */
    String owner() {
        return owner;
    }

    /** The client address it is counted under, or null. */
    String address() {
        return address;
    }

    /** The address, the first time only (null after): its count is given back once. */
    synchronized String takeAddress() {
        if (addressReleased) {
            return null;
        }
        addressReleased = true;
        return address;
    }

    FeedPosition directsFrom() {
        return directsFrom;
    }

    void directsFrom(FeedPosition at) {
        this.directsFrom = at;
    }

    Transport transport() {
        return transport;
    }

    /** Queues a frame for this connection; never blocks. */
    void deliver(EncodedFrame frame) {
        outbox.offer(frame);
    }

    Outbox outbox() {
        return outbox;
    }

    /** The lock this connection's frames are handled under. */
    Object handling() {
        return handling;
    }

    // --- guarded by this ---

    boolean isClosed() {
        return closed;
    }

    /** Marks the connection closed and hands back its rooms; false if it already was. */
    List<Room> closeAndTakeRooms() {
        if (closed) {
            return null;
        }
        closed = true;
        List<Room> taken = List.copyOf(rooms.values());
        rooms.clear();
        return taken;
    }

    Room room(String roomName) {
        return rooms.get(roomName);
    }

    void addRoom(Room room) {
        rooms.put(room.name, room);
    }

    void removeRoom(Room room) {
        rooms.remove(room.name, room);
    }

    int roomCount() {
        return rooms.size();
    }

    Collection<Room> rooms() {
        return rooms.values();
    }

    /** The rename limit's bucket, made by {@code make} the first time (under handling()). */
    TokenBucket renames(java.util.function.Supplier<TokenBucket> make) {
        if (renames == null) {
            renames = make.get();
        }
        return renames;
    }

    /** The join limit's bucket, made by {@code make} the first time (under handling()). */
    TokenBucket joins(java.util.function.Supplier<TokenBucket> make) {
        if (joins == null) {
            joins = make.get();
        }
        return joins;
    }

    /** Counts one rate-limited frame (under handling()) and returns the strikes that count now. */
    int strike(long now) {
        if (strikes > 0 && now - lastStrikeAt >= STRIKES_FORGOTTEN_AFTER_NANOS) {
            strikes = 0;
        }
        lastStrikeAt = now;
        return ++strikes;
    }

    // --- heartbeat ---

    void alive() {
        awaitingPong = false;
        heard++;
    }

    long heard() {
        return heard;
    }

    /** A part of a message arrived; the message is unfinished from its first part on. */
    void part(long now) {
        alive();
        if (partSince == 0) {
            partSince = now == 0 ? 1 : now;
        }
    }

    /** A whole message arrived. */
    void messageDone() {
        partSince = 0;
    }

    /** Whether a message begun by this connection has been unfinished for {@code limit} nanoseconds or more. */
    boolean unfinishedFor(long now, long limit) {
        long since = partSince;
        return since != 0 && now - since >= limit;
    }

    /**
     * The writer is handing the queued ping to the transport: the client's time to answer starts
     * now. Called just before the write, not after it, so that a pong that comes back at once
     * cannot arrive before this and be forgotten.
     */
    void pingWritten(long now) {
        pingWrittenAt = now;
        awaitingPong = true;
        pingQueued = false;
    }

    /**
     * Decides this connection's heartbeat. A client is judged on its answer to a ping that has been
     * written, not on time the ping spent queued behind frames it is still reading; a
     * ping that stays queued for two intervals means the connection has stopped taking data.
     *
     * <p>Rounds come one interval apart, and a ping goes out a moment after the round that
     * queued it (on a writer thread, or behind the frames before it), so the next round finds
     * it written a little less than an interval ago. A tenth of an interval of slack lets that
     * round judge it, rather than the one after, which would let a dead client stay for
     * nearly three intervals instead of two.
     */
    Beat beat(long now, long interval) {
        if (awaitingPong) {
            return now - pingWrittenAt >= interval - interval / 10 ? Beat.SILENT : Beat.WAIT;
        }
        if (pingQueued) {
            return now - pingQueuedAt >= 2 * interval ? Beat.SILENT : Beat.WAIT;
        }
        pingQueuedAt = now;
        pingQueued = true;
        return Beat.PING;
    }

    @Override
    public String toString() {
        return "#" + id + " " + name + " (" + transport.describe() + ")";
    }
}
