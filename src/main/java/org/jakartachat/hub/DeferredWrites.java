package org.jakartachat.hub;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Starts network writes only once the hub has released its locks, and on the hub's writer
 * threads rather than on the thread that made the hub call.
 *
 * <p>A container may call back into the application from inside a send: Tyrus (Payara), when
 * a write fails at once, closes the session and calls {@code @OnClose} on the sending thread.
 * Had that send started under a room's monitor, the close would re-enter the hub holding it
 * and change the very member set being iterated. So a frame queued inside the hub only
 * <em>claims</em> its idle writer; when the outermost hub call on this thread returns, with
 * no hub lock held, the writers it claimed are handed, as one task, to the executor that call
 * named (the hub's writer threads).
 *
 * <p>Not on the calling thread, because that is usually the container's thread reading one
 * client's frames, and a broadcast is a write to every member: Tyrus's servlet writer (so
 * Payara) writes and flushes each frame on the caller's thread, so a broadcast to a big room
 * kept the sender's connection unread for as long as it took, and its frames then reached the
 * rate limit in one burst. Reading now only queues; the container keeps reading every
 * connection while the writer threads write.
 *
 * <p>The per-thread state is removed when the outermost call ends, so no container thread
 * keeps a value from the application's class loader after an undeploy.
 */
final class DeferredWrites {
    private static final ThreadLocal<DeferredWrites> CURRENT = new ThreadLocal<>();

    private int depth;
    private final Executor writers;
    private ArrayDeque<Outbox> claimed;

    private DeferredWrites(Executor writers) {
        this.writers = writers;
    }

    /**
     * Runs one hub call; writers it claims start on {@code writers} when the outermost call on
     * this thread returns (a nested call's executor is not used).
     */
    static void run(Executor writers, Runnable hubCall) {
        enter(writers);
        try {
            hubCall.run();
        } finally {
            exit();
        }
    }

    /** {@link #run} for a call with a result. */
    static <T> T call(Executor writers, java.util.function.Supplier<T> hubCall) {
        enter(writers);
        try {
            return hubCall.get();
        } finally {
            exit();
        }
    }

    private static void enter(Executor writers) {
        DeferredWrites state = CURRENT.get();
        if (state == null) {
            state = new DeferredWrites(writers);
            CURRENT.set(state);
        }
        state.depth++;
    }

    /** The outermost call hands every writer claimed meanwhile to the writer threads, in order. */
    private static void exit() {
        DeferredWrites state = CURRENT.get();
        if (--state.depth > 0) {
            return;
        }
        CURRENT.remove();
        ArrayDeque<Outbox> batch = state.claimed;
        if (batch != null) {
            state.writers.execute(() -> {
                for (Outbox outbox : batch) {
                    outbox.writeClaimed();
                }
            });
        }
    }

    /** An outbox whose idle writer this thread just claimed: start it now, or after the hub call. */
    static void claimed(Outbox outbox) {
        DeferredWrites state = CURRENT.get();
        if (state == null) {
            outbox.writeClaimed();
        } else {
            if (state.claimed == null) {
                state.claimed = new ArrayDeque<>();
            }
            state.claimed.add(outbox);
        }
    }
}
