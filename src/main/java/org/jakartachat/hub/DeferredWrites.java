package org.jakartachat.hub;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Starts network writes only once the hub has released its locks, and never on a thread that
 * reads clients when the write could hold that thread.
 *
 * <p>A container may call back into the application from inside a send: Tyrus (Payara), when
 * a write fails at once, closes the session and calls {@code @OnClose} on the sending thread.
 * Had that send started under a room's monitor, the close would re-enter the hub holding it
 * and change the very member set being iterated. So a frame queued inside the hub only
 * <em>claims</em> its idle writer; the claimed writers start when the outermost hub call on
 * this thread returns, with no hub lock held.
 *
 * <p>Where they start depends on the transport ({@link Transport#writesOnCaller}). Tomcat's and
 * Undertow's async sends hand the frame over and return, so those writers start right here.
 * Tyrus's servlet writer (Payara) writes and flushes on the caller's thread, and the caller is
 * usually the container's thread reading one client: a broadcast to a big room then kept the
 * sender unread for as long as it took, and its next frames reached the rate limit in one
 * burst. Those writers start each as a task of its own on the executor the outermost call
 * named (the hub's writer threads), so a member whose socket is full holds up only itself.
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
     * Runs one hub call; writers it claims start when the outermost call on this thread
     * returns, those that write on their caller on {@code writers} (a nested call's is not used).
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

    /** The outermost call starts every writer claimed meanwhile, here or on the writer threads. */
    private static void exit() {
        DeferredWrites state = CURRENT.get();
        if (--state.depth > 0) {
            return;
        }
        CURRENT.remove();
        if (state.claimed == null) {
            return;
        }
        for (Outbox outbox : state.claimed) {
            if (outbox.writesOnCaller()) {
                state.writers.execute(outbox::writeClaimed);
            } else {
                outbox.writeClaimed();
            }
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
