package org.jakartachat.socketio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One Engine.IO session: its id, the packets waiting for the client, and the transport they go
 * out on, HTTP long-polling or a WebSocket, with the upgrade from the one to the other.
 *
 * <p><b>Out.</b> Every packet for the client goes into one queue, in order: a parked poll (a
 * GET waiting for data) takes all of it at once; on a WebSocket one writer sends it a packet a
 * frame, one write in flight at a time (containers refuse concurrent sends on a session). The
 * chat's frames come {@link #offer offered} with the hub's completion: the queue takes them at
 * once until it holds the outbox's bound, then holds the completion until a poll drains it, so
 * the hub's own bounded outbox fills behind it and closes a client that stopped polling as too
 * slow, as it does a WebSocket that stopped reading. Engine.IO's own packets (pings, the
 * Socket.IO connect answer, errors for other namespaces) are {@link #push pushed} past that
 * bound, but not past twice it: a client that makes the server answer packets it never reads
 * has its session ended, whatever it sent.
 *
 * <p><b>In.</b> Packets from the client, from either transport, go to the session's
 * {@link Peer}, the Socket.IO layer, in the order they came. One POST and one GET may be in
 * flight; a second of either is the client breaking the protocol, and closes the session.
 *
 * <p><b>Concurrency.</b> Every field is guarded by this session's monitor, which is held only to
 * read and change them: polls are answered, WebSocket writes started and the peer called after
 * it is released, so a container callback that re-enters the session cannot deadlock it.
 */
public final class EngineSession {
    /** Where the session's packets go. */
    public enum Mode { POLLING, UPGRADING, WEBSOCKET, CLOSED }

    /** A GET waiting for packets; answered exactly once. */
    public interface Poll {
        /** Answers the GET with this body (packets joined by the record separator). */
        void answer(String body);
    }

    /** A WebSocket the session writes to. */
    public interface Pipe {
        /** Starts sending one text frame; {@code done} gets null or the failure. */
        void send(String text, Consumer<Throwable> done);

        /** Closes the WebSocket with a close code; may be called more than once. */
        void close(int code, String reason);

        /** Whether a send may write on the caller's thread and wait there (Tyrus). */
        boolean writesOnCaller();
    }

    /** The Socket.IO layer above: the packets the client sent, and the end of the session. */
    public interface Peer {
        void packet(EnginePacket packet);

        /** A binary packet, which the chat does not take (the event it belongs to is refused). */
        void binary();

        /** Text that is not an Engine.IO packet; {@code why} is for the client. */
        void malformed(String why);

        /** The session ended for a reason of the client's (or its transport's); called once. */
        void ended(String why);
    }

    /** What became of a GET. */
    public enum PollResult { ANSWERED, PARKED, SECOND_GET, UPGRADED, CLOSED }

    static final String NOOP = String.valueOf(EnginePacket.Type.NOOP.code());
    static final String CLOSE = String.valueOf(EnginePacket.Type.CLOSE.code());

    private final String sid;
    private final int maxPackets;
    private final long maxChars;
    private Peer peer;

    private Mode mode;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long queuedChars;
    /** A completion of {@link #offer} held while the queue is over its bound. */
    private Consumer<Throwable> held;
    private Poll parked;
    private boolean posting;
    /** The WebSocket in {@link Mode#WEBSOCKET}; the one being probed in {@link Mode#UPGRADING}. */
    private Pipe pipe;
    private boolean writing;
    /** The probe was answered: a GET that comes before the upgrade is answered at once with a NOOP. */
    private boolean probeAnswered;
    /** Set when the server closes a WebSocket session: the close follows the queue's last packet. */
    private int closeCode;
    private String closeReason;
    /** The server closes the session: nothing more is queued. */
    private boolean closing;
    private boolean peerTold;
    /** Runs once the server has closed the session (its registry keeps it a little longer). */
    private Runnable closedHook = () -> { };

    /**
     * A new session on {@code pipe} (a WebSocket from the start), or on polling when it is null.
     * Its queue holds at most {@code maxPackets} packets or {@code maxChars} characters of the
     * chat's frames (the outbox's bound).
     */
    EngineSession(String sid, Pipe pipe, int maxPackets, long maxChars) {
        this.sid = sid;
        this.pipe = pipe;
        this.mode = pipe == null ? Mode.POLLING : Mode.WEBSOCKET;
        this.maxPackets = maxPackets;
        this.maxChars = maxChars;
    }

    void peer(Peer peer) {
        this.peer = peer;
    }

    void closedHook(Runnable hook) {
        this.closedHook = hook;
    }

    public String sid() {
        return sid;
    }

    public synchronized Mode mode() {
        return mode;
    }

    /** Whether a write to this session may hold its caller's thread (see EngineSession.Pipe). */
    synchronized boolean writesOnCaller() {
        return mode == Mode.WEBSOCKET && pipe.writesOnCaller();
    }

    // ---------------------------------------------------------------- out

    /** Queues one of the chat's frames; {@code done} runs once the queue is within its bound. */
    void offer(String packet, Consumer<Throwable> done) {
        Runnable flush;
        boolean doneNow;
        synchronized (this) {
            if (mode == Mode.CLOSED || closing) {
                flush = null;
                doneNow = true;
            } else {
                queue.add(packet);
                queuedChars += packet.length();
                doneNow = queue.size() <= maxPackets && queuedChars <= maxChars;
                if (!doneNow) {
                    held = done;
                }
                flush = flushLocked();
            }
        }
        if (doneNow) {
            done.accept(null);
        }
        run(flush);
    }

    /**
     * Queues a packet of Engine.IO's or Socket.IO's own. It goes past the bound that holds the
     * chat's frames back, but not past twice that bound: the session then ends, as a client that
     * does not read what it makes the server say.
     */
    void push(String packet) {
        Runnable flush;
        boolean overrun;
        synchronized (this) {
            if (mode == Mode.CLOSED || closing) {
                return;
            }
            queue.add(packet);
            queuedChars += packet.length();
            overrun = queue.size() > 2L * maxPackets || queuedChars > 2 * maxChars;
            flush = overrun ? null : flushLocked();
        }
        if (overrun) {
            end("too slow: it does not read what its own packets are answered with");
            return;
        }
        run(flush);
    }

    /** What must happen, after the monitor is released, for the queue to move on; null: nothing. */
    private Runnable flushLocked() {
        if (queue.isEmpty()) {
            return null;
        }
        if (mode == Mode.WEBSOCKET) {
            if (writing) {
                return null;
            }
            writing = true;
            Pipe to = pipe;
            String next = takeLocked();
            Consumer<Throwable> released = releaseLocked();
            return () -> {
                release(released);
                write(to, next);
            };
        }
        if (parked != null) {
            Poll poll = parked;
            parked = null;
            String body = drainLocked();
            Consumer<Throwable> released = releaseLocked();
            return () -> {
                release(released);
                poll.answer(body);
            };
        }
        return null;
    }

    private String takeLocked() {
        String next = queue.poll();
        queuedChars -= next.length();
        return next;
    }

    private String drainLocked() {
        List<String> packets = new ArrayList<>(queue);
        queue.clear();
        queuedChars = 0;
        return String.join(String.valueOf(EngineCodec.SEPARATOR), packets);
    }

    /** The held completion, taken, once the queue is back within its bound; else null. */
    private Consumer<Throwable> releaseLocked() {
        if (held == null || queue.size() > maxPackets || queuedChars > maxChars) {
            return null;
        }
        Consumer<Throwable> released = held;
        held = null;
        return released;
    }

    private static void release(Consumer<Throwable> released) {
        if (released != null) {
            released.accept(null);
        }
    }

    /**
     * Writes packets one at a time until the queue is empty. A write that completes on the calling
     * thread (Tyrus writes there) is followed in this loop rather than from its completion, so a
     * long queue cannot grow the stack; one that completes later goes on from its completion.
     */
    private void write(Pipe to, String first) {
        String packet = first;
        while (packet != null) {
            AtomicInteger phase = new AtomicInteger(); // 0 sending, 1 completed inline, 2 completes later
            AtomicReference<Throwable> failed = new AtomicReference<>();
            to.send(packet, failure -> {
                failed.set(failure);
                if (!phase.compareAndSet(0, 1)) {
                    String next = written(failure);
                    if (next != null) {
                        write(to, next);
                    }
                }
            });
            if (phase.compareAndSet(0, 2)) {
                return;
            }
            packet = written(failed.get());
        }
    }

    /** A WebSocket write finished: returns the next packet to write, or null (the queue is empty, or the end). */
    private String written(Throwable failure) {
        if (failure != null) {
            end("WebSocket write failed: " + failure, false); // the container closes what broke
            return null;
        }
        String next = null;
        Consumer<Throwable> released = null;
        Pipe last = null;
        synchronized (this) {
            if (mode == Mode.WEBSOCKET && !queue.isEmpty()) {
                next = takeLocked();
                released = releaseLocked();
            } else {
                writing = false;
                if (closing && mode == Mode.WEBSOCKET) {
                    last = pipe;
                    mode = Mode.CLOSED;
                }
            }
        }
        release(released);
        if (last != null) {
            last.close(closeCode, closeReason);
        }
        return next;
    }

    private static void run(Runnable action) {
        if (action != null) {
            action.run();
        }
    }

    // ---------------------------------------------------------------- polling

    /** A GET: answered at once with what is queued, else parked until there is something. */
    public PollResult poll(Poll poll) {
        Runnable flush;
        synchronized (this) {
            switch (mode) {
                case WEBSOCKET -> {
                    return PollResult.UPGRADED;
                }
                case CLOSED -> {
                    if (queue.isEmpty()) {
                        return PollResult.CLOSED;
                    }
                    // The server closed it: what was queued before the close, then the close.
                    String body = drainLocked();
                    flush = () -> poll.answer(body);
                }
                default -> {
                    if (parked != null) {
                        return PollResult.SECOND_GET;
                    }
                    if (mode == Mode.UPGRADING && probeAnswered && queue.isEmpty()) {
                        // The client is pausing polling for the upgrade: a GET it sent meanwhile is not held.
                        flush = () -> poll.answer(NOOP);
                    } else {
                        parked = poll;
                        flush = flushLocked();
                    }
                }
            }
        }
        run(flush);
        return flush == null ? PollResult.PARKED : PollResult.ANSWERED;
    }

    /**
     * The parked GET ends without the session (its time limit, or the client went away): nothing
     * more goes to it. False if the session had taken it already, to answer it.
     */
    public synchronized boolean forget(Poll poll) {
        if (parked == poll) {
            parked = null;
            return true;
        }
        return false;
    }

    /** A POST begins; false if one is in flight already (the caller then closes the session). */
    public synchronized boolean beginPost() {
        if (posting) {
            return false;
        }
        posting = true;
        return true;
    }

    public synchronized void endPost() {
        posting = false;
    }

    /** Whether a POST may still deliver packets: not after an upgrade to WebSocket or the end. */
    public synchronized boolean polling() {
        return mode == Mode.POLLING || mode == Mode.UPGRADING;
    }

    // ---------------------------------------------------------------- in

    /** A packet from the client, from either transport, as its text; binary packets come as {@link #binary}. */
    public void receive(String text) {
        synchronized (this) {
            if (mode == Mode.CLOSED) {
                return;
            }
        }
        try {
            peer.packet(EngineCodec.decode(text));
        } catch (EngineCodec.BinaryRefused binary) {
            peer.binary();
        } catch (MalformedPacket malformed) {
            peer.malformed(malformed.getMessage());
        }
    }

    /** A binary packet from the client (a WebSocket binary frame). */
    public void binary() {
        synchronized (this) {
            if (mode == Mode.CLOSED) {
                return;
            }
        }
        peer.binary();
    }

    // ---------------------------------------------------------------- upgrade

    /** A WebSocket opened with this session's id: the upgrade begins. False if it cannot (the caller closes it). */
    public synchronized boolean probe(Pipe probe) {
        if (mode != Mode.POLLING) {
            return false;
        }
        mode = Mode.UPGRADING;
        pipe = probe;
        return true;
    }

    /**
     * The probe's {@code 2probe}: it is answered on the WebSocket, and the parked GET gets a NOOP
     * so that the client, which pauses polling now, is not left with a GET in flight.
     */
    public boolean probed(Pipe probe) {
        Poll released;
        synchronized (this) {
            if (mode != Mode.UPGRADING || pipe != probe || probeAnswered) {
                return false;
            }
            released = parked;
            parked = null;
            probeAnswered = true;
            writing = true; // the probe's answer is this socket's write in flight: nothing may overtake it
        }
        probe.send(EnginePacket.Type.PONG.code() + "probe", failure -> {
            if (failure != null) {
                synchronized (this) {
                    writing = false;
                }
                probeClosed(probe);
                return;
            }
            String next = written(null); // the upgrade may have come meanwhile, and packets with it
            if (next != null) {
                write(probe, next);
            }
        });
        if (released != null) {
            released.answer(NOOP);
        }
        return true;
    }

    /** The client's {@code 5}: from now on every packet goes out on the WebSocket, and polls get 400. */
    public boolean upgraded(Pipe probe) {
        Runnable flush;
        Poll released;
        synchronized (this) {
            if (mode != Mode.UPGRADING || pipe != probe) {
                return false;
            }
            mode = Mode.WEBSOCKET;
            released = parked;
            parked = null;
            flush = flushLocked();
        }
        if (released != null) {
            released.answer(NOOP);
        }
        run(flush);
        return true;
    }

    /** The probing WebSocket closed before the upgrade finished: the session goes on polling. */
    public void probeClosed(Pipe probe) {
        synchronized (this) {
            if (mode != Mode.UPGRADING || pipe != probe) {
                return;
            }
            mode = Mode.POLLING;
            pipe = null;
            probeAnswered = false;
        }
    }

    /** The session's WebSocket closed (or broke): the session ends, or goes on polling if it was a probe. */
    public void pipeClosed(Pipe closed, String why) {
        boolean mine;
        synchronized (this) {
            mine = mode == Mode.WEBSOCKET && pipe == closed;
        }
        if (mine) {
            end(why, false);
        } else {
            probeClosed(closed);
        }
    }

    // ---------------------------------------------------------------- the end

    /**
     * The client ended the session ({@code 1}, a Socket.IO disconnect, its WebSocket closed, a
     * broken rule): nothing more goes out, and the peer hears it once.
     */
    public void end(String why) {
        end(why, true);
    }

    /**
     * {@code closePipe} false when the WebSocket itself closed or broke: closing it again from the
     * container's own close or error callback made Tomcat wait there for the write in flight on
     * that socket (up to its blocking-send timeout, spinning), and a thousand clients dropping at
     * once held every request thread for a minute.
     */
    private void end(String why, boolean closePipe) {
        Poll released;
        Pipe open;
        Consumer<Throwable> freed;
        boolean tell;
        synchronized (this) {
            if (mode == Mode.CLOSED && peerTold) {
                return;
            }
            boolean wasWebSocket = mode == Mode.WEBSOCKET || mode == Mode.UPGRADING;
            tell = !peerTold;
            mode = Mode.CLOSED;
            peerTold = true;
            released = parked;
            parked = null;
            queue.clear();
            queuedChars = 0;
            freed = held;
            held = null;
            open = wasWebSocket && closePipe ? pipe : null;
        }
        release(freed);
        if (released != null) {
            released.answer(CLOSE);
        }
        if (open != null) {
            open.close(1000, "");
        }
        if (tell) {
            peer.ended(why);
        }
    }

    /**
     * The server closes the session: what is queued still goes out, then Engine.IO's close (on
     * polling, the next GET takes both; on a WebSocket, the socket closes with {@code code} after
     * the last packet). The peer is not told: the server decided it.
     */
    void close(int code, String reason) {
        Runnable flush;
        Pipe closeNow = null;
        Consumer<Throwable> freed;
        synchronized (this) {
            if (mode == Mode.CLOSED || closing) {
                return;
            }
            peerTold = true;
            freed = held;
            held = null;
            if (mode == Mode.WEBSOCKET) {
                closeCode = code;
                closeReason = reason;
                flush = flushLocked();
                closing = true;
                if (flush == null && !writing) {
                    closeNow = pipe;
                    mode = Mode.CLOSED;
                }
            } else {
                if (mode == Mode.UPGRADING) {
                    closeNow = pipe; // the probe: the client falls back to polling and finds the close there
                }
                queue.add(CLOSE);
                queuedChars += CLOSE.length();
                flush = flushLocked();
                mode = Mode.CLOSED;
                closing = true;
            }
        }
        release(freed);
        run(flush);
        if (closeNow != null) {
            closeNow.close(code, reason);
        }
        closedHook.run();
    }

    /**
     * The server closed this session a while ago: a WebSocket still open because its last write
     * never completed (a client that stopped reading) is closed now, without waiting for it.
     */
    void closeStuck() {
        Pipe stuck = null;
        synchronized (this) {
            if (closing && mode == Mode.WEBSOCKET) {
                stuck = pipe;
                mode = Mode.CLOSED;
            }
        }
        if (stuck != null) {
            stuck.close(closeCode, closeReason);
        }
    }

    @Override
    public String toString() {
        return "socket.io " + sid;
    }
}
