package org.jakartachat.hub;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.protocol.ClientFrame;
import org.jakartachat.protocol.EncodedFrame;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.FrameCodec;
import org.jakartachat.protocol.InvalidFrameException;
import org.jakartachat.protocol.ServerFrame;

/**
 * The chat as a transport sees it, and the life of each connection: transports call
 * {@link #connect}, {@link #receive}, {@link #refuse}, {@link #alive} and {@link #disconnect};
 * the hub admits each frame (rate limits) and hands it to {@link FrameCommands}, closes
 * connections (heartbeat, floods, slow readers, shutdown) and counts them per address.
 * What the backplane delivers reaches members through {@link RoomDeliveries}; everything the
 * hub says goes out through each connection's {@link Outbox}.
 *
 * <p>Thread-safety and lock order are described once, in this package's documentation.
 */
public final class ChatHub {
    private static final Logger LOG = System.getLogger(ChatHub.class.getName());

    /**
     * A point-in-time view for {@code /health}: connections, rooms held, room memberships
     * (the sum of every room's members; 0 when nobody is connected, or something leaked), and in
     * cluster mode the entries of the shared feed that could not be read and were skipped.
     */
    public record Health(String status, int online, int rooms, int memberships, long unreadableFeedEntries) {
    }

    private static final String CLOSED_BY_SERVER = "closed by server: ";

    /** How long a closing connection has to take the frames queued before its close. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    /**
     * A server close waits until the client has sent nothing for this long, at most
     * {@link #QUIET_CHECKS} times. A container may close the socket as soon as its close frame
     * is written (Tyrus, so Payara, does): data the client sent before it read that frame is
     * then unread, the kernel answers it with a reset, and the reset discards the close frame
     * at the client, which sees 1006 instead of the code. A flooder, or a client in the middle
     * of a frame too large, is exactly such a client.
     */
    static final Duration CLOSE_QUIET = Duration.ofMillis(100);
    private static final int QUIET_CHECKS = 10;

    private final ChatConfig config;
    private final FrameCodec codec;
    private final LongSupplier nanoTime;

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** This server's count of connections as the other servers are told it: read when it is recorded. */
    private final IntSupplier connectionCount = connections::size;
    private final NameRegistry names;
    private final RoomDirectory rooms;
    private final ConnectionsPerAddress addresses;
    private final AtomicBoolean addressUnknownTold = new AtomicBoolean();
    private final AtomicLong connectionIds = new AtomicLong();

    /**
     * Closes connections off the hot path: a close may block while the container flushes,
     * and an overflowing outbox must not close its connection under a room monitor. Its
     * threads time out when idle, so an idle hub holds none.
     */
    private final ThreadPoolExecutor closer;
    private final HubThreads closerThreads = new HubThreads("chat-closer");
    private final HubTimer timer;
    /**
     * Where the writes of transports that write on their caller start (see {@link DeferredWrites}):
     * {@link #WRITER_THREADS} writer threads, made as needed and ending when idle, taking one
     * connection's writer at a time from a queue. A unit test may pass a direct executor so that
     * every write happens before its call returns.
     */
    private final Executor writers;
    private final ThreadPoolExecutor writerPool;
    private final HubThreads writerThreads = new HubThreads("chat-writer");
    /** The most writer threads a hub makes; they end after 10 s idle. */
    private static final int WRITER_THREADS = 16;
    private final Backplane backplane;
    private final RoomMembership membership;
    private final FrameCommands commands;
    private final People people;
    private final HubMetrics metrics;

    /** One server on its own. */
    public ChatHub(ChatConfig config, FrameCodec codec) {
        this(config, codec, new LocalBackplane(config));
    }

    /** A server whose rooms' messages and history go through {@code backplane}. */
    public ChatHub(ChatConfig config, FrameCodec codec, Backplane backplane) {
        this(config, codec, backplane, HubMetrics.NONE);
    }

    /** As {@link #ChatHub(ChatConfig, FrameCodec, Backplane)}, telling {@code metrics} what happens. */
    public ChatHub(ChatConfig config, FrameCodec codec, Backplane backplane, HubMetrics metrics) {
        this(config, codec, Clock.systemUTC(), System::nanoTime, backplane, null, new HubTimer(), metrics);
    }

    /** A unit test's hub: its own clocks, and every write done before the hub call returns. */
    ChatHub(ChatConfig config, FrameCodec codec, Clock clock, LongSupplier nanoTime) {
        this(config, codec, clock, nanoTime, new LocalBackplane(config), Runnable::run);
    }

    /** As {@link #ChatHub(ChatConfig, FrameCodec, Clock, LongSupplier)}, its timer's tasks run when the test says. */
    ChatHub(ChatConfig config, FrameCodec codec, Clock clock, LongSupplier nanoTime, HubTimer.Scheduler scheduler) {
        this(config, codec, clock, nanoTime, new LocalBackplane(config), Runnable::run,
                new HubTimer(scheduler), HubMetrics.NONE);
    }

    ChatHub(ChatConfig config, FrameCodec codec, Clock clock, LongSupplier nanoTime, Backplane backplane) {
        this(config, codec, clock, nanoTime, backplane, null);
    }

    /** A unit test's hub on a backplane of its own; {@code direct} (if not null) does every write before the call returns. */
    ChatHub(ChatConfig config, FrameCodec codec, Clock clock, LongSupplier nanoTime, Backplane backplane,
            Executor direct) {
        this(config, codec, clock, nanoTime, backplane, direct, new HubTimer(), HubMetrics.NONE);
    }

    private ChatHub(ChatConfig config, FrameCodec codec, Clock clock, LongSupplier nanoTime, Backplane backplane,
                    Executor direct, HubTimer timer, HubMetrics metrics) {
        this.timer = timer;
        this.metrics = metrics;
        this.writerPool = new ThreadPoolExecutor(WRITER_THREADS, WRITER_THREADS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), writerThreads);
        this.writerPool.allowCoreThreadTimeOut(true);
        this.writers = direct != null ? direct : writerPool;
        this.backplane = backplane;
        this.membership = backplane.membership();
        this.names = new NameRegistry(backplane.registry(), config.botName());
        this.config = config;
        this.codec = codec;
        this.nanoTime = nanoTime;
        this.rooms = new RoomDirectory(config.maxRooms(), config.roomsPerAddress(), config.roomKeep(), nanoTime,
                backplane::forget);
        this.addresses = new ConnectionsPerAddress(config.maxConnectionsPerAddress());
        this.closer = new ThreadPoolExecutor(4, 4, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), closerThreads);
        this.closer.allowCoreThreadTimeOut(true);
        this.commands = new FrameCommands(config, codec, clock, nanoTime, rooms, names, backplane, metrics);
        this.people = new People(backplane.directs()::delivered);
        backplane.attach(new RoomDeliveries(rooms, people, codec, config, timer, writers, nanoTime, metrics));
    }

    public ChatConfig config() {
        return config;
    }

    public FrameCodec codec() {
        return codec;
    }

    /** Starts the heartbeat and the backplane's deliveries. */
    public void start() {
        backplane.start();
        timer.every(config.heartbeat(), this::heartbeat);
    }

    /**
     * Closes every connection and stops every thread the hub started. One server on its own
     * closes with 1001 (going away); an instance of a cluster with 1012 (service restart), which
     * tells clients that the others are still there: reconnect now, with no backoff, and resume.
     */
    public void shutdown() {
        timer.stop();
        Closing closing = config.redisUrl() != null ? Closing.RESTART : Closing.SHUTDOWN;
        for (Connection connection : List.copyOf(connections)) {
            abort(connection, closing);
        }
        backplane.stop(); // after the connections, whose departures it still announces
        writerPool.shutdown();
        closer.shutdown();
        try {
            if (!closer.awaitTermination(5, TimeUnit.SECONDS)) {
                closer.shutdownNow();
            }
        } catch (InterruptedException e) {
            closer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            writerPool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closerThreads.join(5_000);
        writerThreads.join(5_000);
        LOG.log(Level.INFO, "chat hub stopped");
    }

    public Health health() {
        return new Health(backplane.available() ? "ok" : "degraded", backplane.registry().online(connections.size()),
                roomsHeld(), memberships(), backplane.unreadableEntries());
    }

    /** Rooms this server holds. */
    public int roomsHeld() {
        return rooms.size();
    }

    /** Every room's members summed: 0 when nobody is connected, or something leaked. */
    public int memberships() {
        int memberships = 0;
        for (Room room : rooms.all()) {
            synchronized (room) {
                memberships += room.size();
            }
        }
        return memberships;
    }

    /** Connections in the chat now, by {@link Transport#kind}: a metrics gauge, read when scraped. */
    public Map<String, Integer> connectionsByTransport() {
        Map<String, Integer> counts = new HashMap<>();
        for (Connection connection : connections) {
            counts.merge(connection.transport().kind(), 1, Integer::sum);
        }
        return counts;
    }

    /** Names held, for tests that check nothing is left behind. */
    int namesHeld() {
        return names.size();
    }

    /** The backplane, for tests that look at what it holds. */
    Backplane backplane() {
        return backplane;
    }

    /** People with a connection, for tests that check nothing is left behind. */
    int peopleHeld() {
        return people.size();
    }

    /** Addresses with a connection counted, for tests that check nothing is left behind. */
    int addressesCounted() {
        return addresses.addresses();
    }

    // ---------------------------------------------------------------- connections

    /**
     * Registers a new connection and sends it {@code welcome}. The connection speaks for the
     * container's login if there is one, else for the guest holding {@code token} (a new guest
     * when that is missing or not a token; see {@link Identity}). The name is the login's, or
     * the requested one if valid, else a guest name; it is the person's if the person holds it
     * already (on another connection), and otherwise made unique with a suffix ({@code alice-2}).
     */
    public Connection connect(Transport transport, String requestedName, String loginName, String token) {
        return connect(transport, requestedName, loginName, token, null);
    }

    /**
     * As {@link #connect(Transport, String, String, String)}, for a client at {@code address} (a
     * key from {@code ClientAddresses}, or null when the transport gives none). A connection over
     * the per-address limit is closed at once with 1008 and never joins the chat; the handshake
     * filter refuses most such clients before the upgrade already (see {@link #addressFull}).
     */
    public Connection connect(Transport transport, String requestedName, String loginName, String token,
                              String address) {
        Identity identity = loginName != null ? Identity.login(loginName) : Identity.guest(token);
        return DeferredWrites.call(writers, () -> {
            String counted = addresses.take(address);
            boolean admitted = address == null || counted != null;
            if (address == null) {
                warnOnceAddressUnknown();
            }
            Connection connection = new Connection(connectionIds.incrementAndGet(), transport, identity, counted,
                    c -> new Outbox(transport, config.outboxFrames(), config.outboxBytes(),
                            () -> abortLater(c, Closing.TOO_SLOW),
                            failure -> abortLater(c, Closing.ERROR),
                            () -> c.pingWritten(nanoTime.getAsLong()), metrics),
                    new TokenBucket(config.frameRate(), config.frameBurst(), nanoTime),
                    new TokenBucket(config.messageRate(), config.messageBurst(), nanoTime));
            if (!admitted) {
                synchronized (connection) {
                    connection.closeAndTakeRooms(); // closed before it was ever in the chat: nothing to announce
                }
                LOG.log(Level.INFO, "refused {0}: {1} connections from {2} already", connection,
                        config.maxConnectionsPerAddress(), address);
                closeTransportLater(connection, Closing.TOO_MANY_CONNECTIONS);
                return connection;
            }
            try {
                // One person, one name: a person already online keeps the name it has, whatever this asks
                // for. Only a login or a guest whose token was accepted can be online already: a token
                // issued just now has no name anywhere, so no lookup (in cluster mode, a Redis read).
                boolean returning = loginName != null || identity.token().equals(token);
                String held = returning ? names.heldBy(identity.key()) : null;
                String base = held != null ? held
                        : loginName != null ? loginNameBase(loginName) : Names.normalizeName(requestedName);
                if (base == null) {
                    base = "guest-" + (1000 + ThreadLocalRandom.current().nextInt(9000));
                }
                connection.name(names.claimWithSuffix(base, connection)); // not published yet: nobody else sees it
                connections.add(connection);
                metrics.opened(transport.kind());
                backplane.registry().recordNow(connectionCount); // counted everywhere once it is told the count
                int online = backplane.registry().online(connections.size());
                send(connection, new ServerFrame.Welcome(connection.name(), online, config.botName(),
                        "Welcome, " + connection.name() + "! " + (online == 1 ? "You are the only one here."
                                : (online - 1) + (online == 2 ? " other person is" : " others are") + " online."),
                        identity.token(), Identity.handle(identity.key())));
                people.arrive(connection); // after its welcome: nothing may come before that
                LOG.log(Level.DEBUG, "connect {0} (online {1})", connection, online);
            } catch (RuntimeException failed) {
                releaseAddress(connection); // the endpoint gets no connection, so no close will release it
                throw failed;
            }
            return connection;
        });
    }

    /**
     * Says once, when the first connection comes without a client address, that the per-address
     * limits are off for such connections: in the WAR the handshake filter gives every one an
     * address, so this means the filter did not run (an in-process test server has none).
     */
    private void warnOnceAddressUnknown() {
        if (addressUnknownTold.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "a connection came without a client address: the per-address limits"
                    + " do not apply to such connections (the chat's handshake filter did not run)");
        }
    }

    /** Whether a client at {@code address} has as many connections open as one address may. */
    public boolean addressFull(String address) {
        return addresses.full(address);
    }

    /** Any frame or part of one, pong included, shows the connection is alive. */
    public void alive(Connection connection) {
        connection.alive();
    }

    /** A part of a message that is not complete yet: the client is sending, and the message is timed. */
    public void partial(Connection connection) {
        connection.part(nanoTime.getAsLong());
    }

    /**
     * A control frame the application sees (a pong): it shows the connection is alive, and it
     * counts against the frame rate like any frame, with the same {@code rate_limited} and 1008.
     */
    public void control(Connection connection) {
        DeferredWrites.run(writers, () -> {
            connection.alive();
            synchronized (connection.handling()) {
                if (connection.isClosed()) {
                    return;
                }
                try {
                    admit(connection, null);
                } catch (InvalidFrameException refusal) {
                    answerRefusal(connection, refusal);
                }
            }
        });
    }

    /**
     * Queues a frame of the transport's own for this connection, in order with the frames the hub
     * has queued for it and under the same bounds (a Socket.io acknowledgement that has no frame of
     * the chat's to ride on).
     */
    public void enqueue(Connection connection, EncodedFrame frame) {
        DeferredWrites.run(writers, () -> connection.deliver(frame));
    }

    /**
     * Handles one decoded client frame; every refusal becomes an {@code error} to this client only,
     * carrying the frame's ref. Returns false if the frame was refused (or the connection had
     * closed): a transport that answers for frames without an answer of their own (a Socket.io
     * acknowledgement of a {@code leave}) needs to know.
     */
    public boolean receive(Connection connection, ClientFrame frame) {
        return handle(connection, frame, null);
    }

    /** A frame that could not be decoded: it still counts against the rate, and gets its error. */
    public void refuse(Connection connection, InvalidFrameException problem) {
        handle(connection, null, problem);
    }

    private boolean handle(Connection connection, ClientFrame frame, InvalidFrameException problem) {
        if (frame != null) {
            metrics.frameIn(ClientFrame.type(frame));
        }
        return DeferredWrites.call(writers, () -> {
            connection.alive();
            connection.messageDone();
            synchronized (connection.handling()) {
                if (connection.isClosed()) {
                    return false;
                }
                try {
                    admit(connection, frame);
                    if (problem != null) {
                        throw problem;
                    }
                    commands.dispatch(connection, frame);
                    return true;
                } catch (InvalidFrameException refusal) {
                    // The one place every refusal passes: it names the frame it refuses, wherever it was made.
                    String ref = frame != null ? frame.ref() : problem != null ? problem.ref() : null;
                    answerRefusal(connection, refusal.ref() == null && ref != null ? refusal.withRef(ref) : refusal);
                    return false;
                }
            }
        });
    }

    /**
     * The client closed the connection (or it broke): removes it, its name and its rooms, each
     * announcing {@code leave} once, and drops what was still queued for it. Safe to call from
     * any thread, any number of times.
     */
    public void disconnect(Connection connection, String why) {
        disconnect(connection, why, CloseKind.NORMAL);
    }

    /** As {@link #disconnect(Connection, String)}, counted as {@code kind} (an abnormal close is an error). */
    public void disconnect(Connection connection, String why, CloseKind kind) {
        DeferredWrites.run(writers, () -> {
            if (remove(connection, why, kind)) {
                connection.outbox().close();
            }
            releaseAddress(connection); // the transport has ended
        });
    }

    /**
     * The server closes the connection: removes it now, still writes the frames already queued
     * for it (such as the error that explains the close), waits for the client to stop sending
     * (see {@link #CLOSE_QUIET}; what it sends meanwhile is read and dropped), then closes with
     * {@code closing}. A client that does not take those frames within {@link #CLOSE_GRACE} is
     * closed regardless.
     */
    public void close(Connection connection, Closing closing) {
        DeferredWrites.run(writers, () -> {
            if (!remove(connection, CLOSED_BY_SERVER + closing.code() + " " + closing.reason(), closing.kind())) {
                return;
            }
            if (connection.outbox().finish(() -> closeWhenQuiet(connection, closing, -1, QUIET_CHECKS))) {
                timer.after(CLOSE_GRACE, () -> closeTransportLater(connection, closing));
            } else {
                closeTransportLater(connection, closing);
            }
        });
    }

    /** The server closes the connection without writing anything more to it (dead, stuck or stopping). */
    private void abort(Connection connection, Closing closing) {
        DeferredWrites.run(writers, () -> {
            if (remove(connection, CLOSED_BY_SERVER + closing.code() + " " + closing.reason(), closing.kind())) {
                connection.outbox().close();
                closeTransportLater(connection, closing);
            }
        });
    }

    /** For an outbox callback, which may run under a room monitor or on a container thread. */
    private void abortLater(Connection connection, Closing closing) {
        try {
            closer.execute(() -> abort(connection, closing));
        } catch (RejectedExecutionException stopped) {
            // Shutting down: shutdown() closes every connection itself.
        }
    }

    /**
     * Takes the connection out of the chat. Only the first call for a connection returns true,
     * and only that one announces the departures ("let the removal decide who announces").
     */
    private boolean remove(Connection connection, String why, CloseKind kind) {
        List<Room> left;
        synchronized (connection) {
            left = connection.closeAndTakeRooms();
        }
        if (left == null) {
            return false;
        }
        long now = nanoTime.getAsLong();
        for (Room room : left) {
            Room.Removed removed;
            synchronized (room) {
                removed = room.remove(connection, now);
            }
            // A connection still entering a room is left by its joiner, once its entry is in.
            if (removed == Room.Removed.MEMBER) {
                membership.leave(room.name, connection.id(), connection.owner());
            }
        }
        people.leave(connection);
        names.release(connection.name(), connection);
        connections.remove(connection);
        metrics.closed(connection.transport().kind(), kind);
        backplane.registry().record(connectionCount);
        // Comings and goings are routine (a line each cost 7 % of the CPU of a connection storm);
        // the server closing someone is worth a line.
        LOG.log(why.startsWith(CLOSED_BY_SERVER) ? Level.INFO : Level.DEBUG, "disconnect {0}: {1} (online {2})",
                connection, why, connections.size());
        return true;
    }

    /** Closes once a {@link #CLOSE_QUIET} interval passes with nothing heard, or after the last check. */
    private void closeWhenQuiet(Connection connection, Closing closing, long heardBefore, int checksLeft) {
        long heard = connection.heard();
        if (heard == heardBefore || checksLeft == 0) {
            closeTransportLater(connection, closing);
        } else {
            timer.after(CLOSE_QUIET, () -> closeWhenQuiet(connection, closing, heard, checksLeft - 1));
        }
    }

    private void closeTransportLater(Connection connection, Closing closing) {
        try {
            closer.execute(() -> closeTransport(connection, closing));
        } catch (RejectedExecutionException stopped) {
            closeTransport(connection, closing);
        }
    }

    private void closeTransport(Connection connection, Closing closing) {
        try {
            connection.transport().close(closing);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing {0} failed: {1}", connection, e.toString());
        } finally {
            releaseAddress(connection);
        }
    }

    /**
     * Gives the connection's place back to its address, once, when its transport ends (the client
     * closed, or the server's close went out): not when the chat removes it, since a connection the
     * server is closing still holds its queue and socket until then, and a client that gets itself
     * closed and reconnects at once would otherwise hold more than its address's share.
     */
    private void releaseAddress(Connection connection) {
        addresses.release(connection.takeAddress());
    }

    /**
     * One heartbeat round: pings connections, closing those that did not answer in time (see
     * Connection#beat), and those with a message unfinished for an interval or more.
     */
    void heartbeat() {
        long now = nanoTime.getAsLong();
        long interval = config.heartbeat().toNanos();
        DeferredWrites.run(writers, () -> {
            for (Connection connection : connections) {
                metrics.outboxDepth(connection.outbox().queued());
                if (connection.unfinishedFor(now, interval)) {
                    close(connection, Closing.UNFINISHED);
                    continue;
                }
                switch (connection.beat(now, interval)) {
                    case SILENT -> abort(connection, Closing.HEARTBEAT);
                    case PING -> connection.outbox().ping();
                    default -> { }
                }
            }
        });
    }

    // ---------------------------------------------------------------- frames

    /**
     * Rate limits; under the connection's monitor. A {@code null} frame is an undecodable one, or
     * a pong (which counts against the frame rate and nothing else).
     */
    private void admit(Connection connection, ClientFrame frame) throws InvalidFrameException {
        if (!connection.frames.tryTake()) {
            throw limited(frame, "at most " + config.frameRate() + " frames per second, pongs included");
        }
        if ((frame instanceof ClientFrame.Post || frame instanceof ClientFrame.Direct)
                && !connection.messages.tryTake()) {
            throw limited(frame, "at most " + config.messageBurst() + " messages at once and "
                    + config.messageRate() + " per second");
        }
        // A join is answered with the room's history: a client that never reads and keeps re-joining
        // a full room was handed a megabyte for every 47 bytes it sent. A directs request, with a
        // mailbox, the same: they share the limit.
        if ((frame instanceof ClientFrame.Join || frame instanceof ClientFrame.Directs)
                && !connection.joins(() -> new TokenBucket(config.joinRate(), config.joinBurst(), nanoTime)).tryTake()) {
            throw limited(frame, "at most " + config.joinBurst() + " joins and directs requests at once and "
                    + config.joinRate() + " per second");
        }
        // A rename is announced in every room the connection is in: its own, lower limit.
        if (frame instanceof ClientFrame.Rename && !connection.renames(() -> new TokenBucket(config.renameRate(),
                config.renameBurst(), nanoTime)).tryTake()) {
            throw limited(frame, "at most " + config.renameBurst() + " renames at once and "
                    + config.renameRate() + " per second");
        }
    }

    private static InvalidFrameException limited(ClientFrame frame, String limit) {
        return new InvalidFrameException(ErrorCode.RATE_LIMITED, "slow down: " + limit, frame == null ? null : frame.ref());
    }

    private void answerRefusal(Connection connection, InvalidFrameException refusal) {
        metrics.errorSent(refusal.code());
        send(connection, refusal.toFrame());
        if (refusal.code() == ErrorCode.RATE_LIMITED
                && connection.strike(nanoTime.getAsLong()) >= config.floodStrikes()) {
            close(connection, Closing.FLOODING);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void send(Connection connection, ServerFrame frame) {
        connection.deliver(codec.encode(frame));
    }

    /** A login name is used as it is when valid, else reduced to its allowed characters. */
    private static String loginNameBase(String login) {
        String valid = Names.normalizeName(login);
        if (valid != null) {
            return valid;
        }
        StringBuilder kept = new StringBuilder();
        login.codePoints().filter(cp -> Character.isLetterOrDigit(cp) || cp == '_' || cp == '-' || cp == '.')
                .forEach(kept::appendCodePoint);
        return Names.normalizeName(Names.truncate(kept.toString(), Names.MAX_NAME));
    }
}
