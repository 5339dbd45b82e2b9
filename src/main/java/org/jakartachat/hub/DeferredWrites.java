package org.jakartachat.hub;

import java.util.ArrayDeque;

/**
 * Starts network writes only once the hub has released its locks.
 *
 * <p>A container may call back into the application from inside a send: Tyrus (Payara), when
 * a write fails at once, closes the session and calls {@code @OnClose} on the sending thread.
 * Had that send started under a room's monitor, the close would re-enter the hub holding it
 * and change the very member set being iterated. So a frame queued inside the hub only
 * <em>claims</em> its idle writer; the claimed writers start when the outermost hub call on
 * this thread returns, with no hub lock held.
 *
 * <p>The per-thread state is removed when the outermost call ends, so no container thread
 * keeps a value from the application's class loader after an undeploy.
 */
final class DeferredWrites {
    private static final ThreadLocal<DeferredWrites> CURRENT = new ThreadLocal<>();

    private int depth;
    private final ArrayDeque<Outbox> claimed = new ArrayDeque<>();

    private DeferredWrites() {
    }

    /** Runs one hub call; writers it claims start when the outermost call on this thread returns. */
    static void run(Runnable hubCall) {
        enter();
        try {
            hubCall.run();
        } finally {
            exit();
        }
    }

    /** {@link #run} for a call with a result. */
    static <T> T call(java.util.function.Supplier<T> hubCall) {
        enter();
        try {
            return hubCall.get();
        } finally {
            exit();
        }
    }

    private static void enter() {
        DeferredWrites state = CURRENT.get();
        if (state == null) {
            state = new DeferredWrites();
            CURRENT.set(state);
        }
        state.depth++;
    }

    /** The outermost call starts every writer claimed meanwhile. */
    private static void exit() {
        DeferredWrites state = CURRENT.get();
        if (--state.depth > 0) {
            return;
        }
        CURRENT.remove();
        Outbox outbox;
        while ((outbox = state.claimed.poll()) != null) {
            outbox.writeClaimed();
        }
    }

    /** An outbox whose idle writer this thread just claimed: start it now, or after the hub call. */
    static void claimed(Outbox outbox) {
        DeferredWrites state = CURRENT.get();
        if (state == null) {
            outbox.writeClaimed();
        } else {
            state.claimed.add(outbox);
        }
    }
}
