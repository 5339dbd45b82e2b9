package org.jakartachat.hub;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Consumer;
import org.jakartachat.protocol.EncodedFrame;

/**
 * One connection's outbound queue and its single writer.
 *
 * <p>WebSocket containers forbid two sends in progress on one session (Tomcat throws
 * {@code TEXT_FULL_WRITING}). So frames are queued here and written one at a time: whoever
 * finds the writer idle becomes the writer, and each completed send starts the next. Senders
 * never wait on the network, so a broadcast under a room lock costs one queue offer per member.
 *
 * <p>The queue is bounded in frames and in bytes: a client that stops reading fills it, and
 * then it is closed (through {@code onOverflow}) instead of holding memory or slowing anyone
 * else. Frames are counted in frames because each costs a queue node, and in bytes because one
 * frame may be a whole room's history: without the byte bound, a client that never reads and
 * kept asking for large frames held 256 of them. A frame is counted at two bytes a character
 * (the most a Java string takes) from when it is queued until the writer takes it.
 *
 * <p>A frame is refused when what is already queued, the frame next in line aside, is over the
 * bound. The frame next in line is left out so that one frame larger than the bound (a
 * {@code joined} of a big room with a long history) never gets a client that is reading closed:
 * it waits only for the send before it, and the frames after it are counted as usual. What one
 * connection holds is so at most the bound, plus the frame next in line, the frame just added
 * and the frame being written. Pings count nothing.
 *
 * <p>An outbox is open (taking frames), finishing (taking none, writing what it has, then
 * running its final action) or closed (writing nothing more).
 */
final class Outbox implements Consumer<Throwable> {
    private static final int OPEN = 0;
    private static final int FINISHING = 1;
    private static final int CLOSED = 2;

    /** A ping waits its turn in the queue like any frame, so it never overlaps a send. */
    private static final Object PING = new Object();

    /** The last item of a finishing outbox. */
    private record Finish(Runnable action) {
    }

    private final Transport transport;
    /** Told of every frame handed to the transport: the one place every frame out passes. */
    private final HubMetrics metrics;
    private final int capacity;
    private final long capacityBytes;
    private final Runnable onOverflow;
    private final Consumer<Throwable> onFailure;
    private final Runnable onPingWritten;

    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Bytes queued, through {@link #QUEUED_BYTES}: a field, not an AtomicLong, saves 16 bytes a connection. */
    private volatile long queuedBytes;
    private static final AtomicLongFieldUpdater<Outbox> QUEUED_BYTES =
            AtomicLongFieldUpdater.newUpdater(Outbox.class, "queuedBytes");
    private final AtomicBoolean writing = new AtomicBoolean();
    /**
     * Who of the writer and the send's completion got to the send's end first (1) or not yet
     * (0), through {@link #HANDED_OFF}: the one that comes second goes on writing. One send is in
     * flight at a time, so one field serves them all, reset before each; one object per send (a
     * flag and a callback) cost a few percent of the CPU of a broadcast.
     */
    private volatile int handedOff;
    private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<Outbox> HANDED_OFF =
            java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(Outbox.class, "handedOff");
    private final AtomicInteger state = new AtomicInteger(OPEN);

    /** An outbox bounded in frames only. */
    Outbox(Transport transport, int capacity, Runnable onOverflow, Consumer<Throwable> onFailure) {
        this(transport, capacity, Long.MAX_VALUE, onOverflow, onFailure, () -> { });
    }

    Outbox(Transport transport, int capacity, long capacityBytes, Runnable onOverflow, Consumer<Throwable> onFailure,
           Runnable onPingWritten) {
        this(transport, capacity, capacityBytes, onOverflow, onFailure, onPingWritten, HubMetrics.NONE);
    }

    Outbox(Transport transport, int capacity, long capacityBytes, Runnable onOverflow, Consumer<Throwable> onFailure,
           Runnable onPingWritten, HubMetrics metrics) {
        this.metrics = metrics;
        this.transport = transport;
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
        this.onOverflow = onOverflow;
        this.onFailure = onFailure;
        this.onPingWritten = onPingWritten;
    }

    /** Queues a frame; false if the outbox no longer takes frames or just overflowed (and so closed). */
    boolean offer(EncodedFrame frame) {
        return enqueue(frame);
    }

    /** Queues a WebSocket ping behind whatever is already queued. */
    boolean ping() {
        return enqueue(PING);
    }

    /**
     * Takes no more frames, writes those already queued, then runs {@code action} (the close).
     * False if the outbox was already finishing or closed; the action is then not run.
     */
    boolean finish(Runnable action) {
        if (!state.compareAndSet(OPEN, FINISHING)) {
            return false;
        }
        queue.add(new Finish(action));
        kick();
        return true;
    }

    /** Drops what is queued and writes nothing more; a send in flight still completes. */
    void close() {
        state.set(CLOSED);
        queue.clear();
    }

    private boolean enqueue(Object item) {
        if (state.get() != OPEN) {
            return false;
        }
        long bytes = bytes(item);
        long before = QUEUED_BYTES.getAndAdd(this, bytes);
        if (queued.incrementAndGet() > capacity || bytes > 0 && before - bytes(queue.peek()) > capacityBytes) {
            queued.decrementAndGet();
            QUEUED_BYTES.addAndGet(this, -bytes);
            if (state.compareAndSet(OPEN, CLOSED)) {
                queue.clear();
                onOverflow.run();
            }
            return false;
        }
        queue.add(item);
        kick();
        return true;
    }

    /** What a queued item counts for against the byte bound: two bytes a character of its text (null: 0). */
    private static long bytes(Object item) {
        return item instanceof EncodedFrame frame ? 2L * frame.json().length() : 0;
    }

    /** Frames (and pings) queued and not yet taken by the writer. */
    int queued() {
        return queued.get();
    }

    /** Bytes queued and not yet taken by the writer, as counted against the bound. */
    long queuedBytes() {
        return queuedBytes;
    }

    /** Claims the idle writer; the write starts outside the hub's locks (see {@link DeferredWrites}). */
    private void kick() {
        if (writing.compareAndSet(false, true)) {
            DeferredWrites.claimed(this);
        }
    }

    /** Starts the writer this thread claimed. */
    void writeClaimed() {
        drain();
    }

    /** Whether a write may hold the thread that starts it (see {@link Transport#writesOnCaller}). */
    boolean writesOnCaller() {
        return transport.writesOnCaller();
    }

    /**
     * Writes queued items until the queue is empty or a send is still in flight. Runs only on
     * the thread that holds {@code writing}. A send that completes inline (some containers do)
     * continues the loop here instead of recursing; one that completes later resumes the loop
     * from its completion callback.
     */
    private void drain() {
        while (true) {
            if (state.get() == CLOSED) {
                writing.set(false);
                return;
            }
            Object item = queue.poll();
            if (item == null) {
                writing.set(false);
                // A producer may have queued between poll() and set(false) and found us busy.
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (item instanceof Finish finish) {
                state.set(CLOSED);
                writing.set(false);
                finish.action().run();
                return;
            }
            queued.decrementAndGet();
            QUEUED_BYTES.addAndGet(this, -bytes(item));
            handedOff = 0;
            try {
                if (item == PING) {
                    onPingWritten.run();
                    transport.ping(this);
                } else {
                    EncodedFrame frame = (EncodedFrame) item;
                    metrics.frameOut(frame.bytes());
                    transport.send(frame, this);
                }
            } catch (RuntimeException e) {
                accept(e);
                return;
            }
            if (!HANDED_OFF.compareAndSet(this, 0, 1)) {
                continue; // completed inline: keep writing on this thread
            }
            return; // the completion callback resumes
        }
    }

    /** The completion of the send in flight: null when it went out, else why it failed. */
    @Override
    public void accept(Throwable failure) {
        if (failure != null) {
            close();
            writing.set(false);
            onFailure.accept(failure);
        } else if (!HANDED_OFF.compareAndSet(this, 0, 1)) {
            drain();
        }
    }
}
