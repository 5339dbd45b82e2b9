package org.jakartachat.endpoint;

import jakarta.websocket.Session;

/**
 * What the two WebSocket adapters do differently on Tyrus (Payara, and the in-process test
 * server), in one place.
 *
 * <p>Tyrus writes on the sender's thread (see {@code Transport.writesOnCaller}). It also
 * schedules the session's idle timer again on every send, every frame received and every
 * change of the idle timeout; the task does nothing when the idle timeout is 0, which both
 * endpoints set (the hub's heartbeat watches liveness). Payara's managed scheduler captures the
 * caller's context for each task it is given, with a ServiceLoader lookup through the thread's
 * context class loader; for the application's loader that lookup reads every jar of the WAR
 * and of the server's API: 58 % of Payara's CPU in a 100-member fan-out (JFR). So the calls the
 * chat makes (sends, and setting the timeout) run with the platform class loader as the
 * context loader, which holds none of those jars. Nothing the chat runs inside them loads a
 * class or a service through that loader, and the timer task it is captured for does nothing.
 * The rescheduling when a frame arrives happens before the chat is called, and still pays it.
 */
final class TyrusSessions {
    private static final ClassLoader SEND_LOADER = ClassLoader.getPlatformClassLoader();

    private TyrusSessions() {
    }

    static boolean isTyrus(Session session) {
        return session.getClass().getName().startsWith("org.glassfish.tyrus.");
    }

    /** Sets a session's idle timeout to 0 (none): the heartbeat watches liveness. */
    static void noIdleTimeout(Session session) {
        call(isTyrus(session), () -> session.setMaxIdleTimeout(0));
    }

    /**
     * Runs a call into a session: on Tyrus as {@link #send}, elsewhere as it is. For calls made
     * once a connection or a heartbeat; the per-frame sends branch before making their lambda.
     */
    static void call(boolean tyrus, Runnable call) {
        if (tyrus) {
            send(call);
        } else {
            call.run();
        }
    }

    /** Runs a send on a Tyrus session, with the context class loader it should be made with. */
    static void send(Runnable send) {
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader();
        thread.setContextClassLoader(SEND_LOADER);
        try {
            send.run();
        } finally {
            thread.setContextClassLoader(loader);
        }
    }
}
