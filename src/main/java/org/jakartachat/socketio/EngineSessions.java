package org.jakartachat.socketio;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.hub.ChatHub;

/**
 * The Engine.IO sessions of one server, by id, and their lifetimes.
 *
 * <p>A session is made by an Engine.IO handshake (a polling GET without {@code sid}, or a
 * WebSocket opened without one) and becomes a hub connection when the client's Socket.IO
 * CONNECT comes; one that sends none within {@link #CONNECT_TIMEOUT} is ended. Until then it is
 * counted per client address, at most as many as the address may have connections, so that
 * handshakes alone cannot fill the memory. From the CONNECT on, the hub's heartbeat is the
 * session's: it pings every {@code CHAT_HEARTBEAT_MILLIS} (Engine.IO's {@code pingInterval})
 * and closes a socket whose pong does not come back, the one way a vanished polling client is
 * noticed. A session the server closed stays findable for {@link #CLOSED_GRACE}, so that the
 * client's next poll takes the error that explains the close and the close itself.
 */
public final class EngineSessions {
    /** How long a new session may go without its Socket.IO CONNECT. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a session the server closed keeps what it queued for the client's next poll. */
    static final Duration CLOSED_GRACE = Duration.ofSeconds(10);

    private final ChatHub hub;
    private final ChatConfig config;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> unconnected = new ConcurrentHashMap<>();
    /** The timer's one thread, joined at shutdown (its executor terminates a moment before the thread ends). */
    private volatile Thread timerThread;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "chat-socketio-timer");
        thread.setDaemon(true);
        timerThread = thread;
        return thread;
    });

    public EngineSessions(ChatHub hub) {
        this.hub = hub;
        this.config = hub.config();
    }

    /** Engine.IO's pingInterval: the hub's heartbeat. */
    public long pingIntervalMillis() {
        return config.heartbeat().toMillis();
    }

    /**
     * Engine.IO's pingTimeout, which the client waits past pingInterval for the next ping: four
     * fifths of the interval (20 s at the default 25 s). The server is a little more patient
     * with pongs (see Connection#beat), so it is the client that notices a dead server first.
     */
    public long pingTimeoutMillis() {
        return config.heartbeat().toMillis() * 4 / 5;
    }

    /** The longest text a client may send at once: a POST body or a WebSocket frame (Engine.IO's maxPayload). */
    public int maxPayload() {
        return config.maxFrameChars();
    }

    /** How long a GET may wait for packets: the heartbeat's ping answers it well before. */
    public long pollTimeoutMillis() {
        return 2 * config.heartbeat().toMillis() + 5_000;
    }

    /**
     * A new session for a client at {@code address} (the per-address key, or null) logged in as
     * {@code login} (or null), on {@code pipe} or, when it is null, on polling. Null when the
     * address has as many sessions waiting for their CONNECT as it may have connections.
     * Returns the Engine.IO open packet to send first in {@link Opened#openPacket()}.
     */
    public Opened open(EngineSession.Pipe pipe, String address, String login) {
        if (address != null && !countUnconnected(address)) {
            return null;
        }
        String sid = randomId();
        // The outbox counts two bytes a character; the session's queue counts characters.
        EngineSession session = new EngineSession(sid, pipe, config.outboxFrames(), config.outboxBytes() / 2);
        AtomicBoolean counted = new AtomicBoolean(address != null);
        SocketBridge bridge = new SocketBridge(hub, session, randomId(), login, address);
        session.peer(new EngineSession.Peer() {
            @Override
            public void packet(EnginePacket packet) {
                bridge.packet(packet);
                if (bridge.connected() && counted.compareAndSet(true, false)) {
                    uncount(address); // a connection now: the hub counts it
                }
            }

            @Override
            public void binary() {
                bridge.binary();
            }

            @Override
            public void malformed(String why) {
                bridge.malformed(why);
            }

            @Override
            public void ended(String why) {
                sessions.remove(sid, session);
                if (counted.compareAndSet(true, false)) {
                    uncount(address);
                }
                bridge.ended(why);
            }
        });
        session.closedHook(() -> {
            if (counted.compareAndSet(true, false)) {
                uncount(address); // closed by the server before it was ever a connection
            }
            later(CLOSED_GRACE, () -> {
                sessions.remove(sid, session);
                session.closeStuck();
            });
        });
        sessions.put(sid, session);
        later(CONNECT_TIMEOUT, () -> {
            if (!bridge.connected()) {
                session.end("no Socket.IO CONNECT within " + CONNECT_TIMEOUT.toSeconds() + " s");
            }
        });
        String open = EnginePacket.Type.OPEN.code() + "{\"sid\":\"" + sid + "\",\"upgrades\":"
                + (pipe == null ? "[\"websocket\"]" : "[]") + ",\"pingInterval\":" + pingIntervalMillis()
                + ",\"pingTimeout\":" + pingTimeoutMillis() + ",\"maxPayload\":" + maxPayload() + "}";
        if (pipe != null) {
            session.push(open); // on polling, the handshake's response carries it
        }
        return new Opened(session, bridge, open);
    }

    /** A session just made, its socket, and the open packet that must reach the client first. */
    public record Opened(EngineSession session, SocketBridge bridge, String openPacket) {
    }

    /** The session with this id, or null if there is none (unknown, ended, or on another server). */
    public EngineSession get(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    /** Sessions open, for tests that check nothing is left behind. */
    public int size() {
        return sessions.size();
    }

    /** Ends every session (the hub closes their connections itself) and stops the timer, waiting for its thread. */
    public void shutdown() {
        for (EngineSession session : sessions.values()) {
            session.end("server shutting down");
        }
        sessions.clear();
        timer.shutdownNow();
        try {
            // Ended before the application is: Tomcat reports a thread of an undeployed WAR still running as a leak.
            // awaitTermination returns once the executor counts no worker, while the worker's thread
            // is still on its way out: Tomcat saw it alive (CI, stop 21). The thread itself is waited for.
            Thread thread = timerThread;
            if (!timer.awaitTermination(5, TimeUnit.SECONDS) || thread != null && !join(thread)) {
                System.getLogger(EngineSessions.class.getName()).log(System.Logger.Level.WARNING,
                        "the Socket.io timer did not stop within 5 s");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean join(Thread thread) throws InterruptedException {
        thread.join(5_000);
        return !thread.isAlive();
    }

    private boolean countUnconnected(String address) {
        boolean[] counted = new boolean[1];
        unconnected.compute(address, (a, open) -> {
            int now = open == null ? 0 : open;
            if (now >= config.maxConnectionsPerAddress()) {
                return open;
            }
            counted[0] = true;
            return now + 1;
        });
        return counted[0];
    }

    private void uncount(String address) {
        if (address != null) {
            unconnected.computeIfPresent(address, (a, open) -> open <= 1 ? null : open - 1);
        }
    }

    private void later(Duration delay, Runnable task) {
        try {
            timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // Shutting down: every session is ended anyway.
        }
    }

    private String randomId() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
