package org.jakartachat.endpoint;

import org.jakartachat.hub.ChatHub;
import org.jakartachat.socketio.EngineSessions;

/**
 * The hub the endpoint instances of this application talk to. Each deployed WAR has its own
 * class loader and so its own holder; the listener installs it on start and clears it on stop.
 */
public final class CurrentHub {
    private static volatile ChatHub hub;
    private static volatile EngineSessions engineSessions;

    private CurrentHub() {
    }

    public static void install(ChatHub newHub) {
        install(newHub, null);
    }

    /** The hub and the Socket.io sessions on it (null where no Socket.io transport is served). */
    public static void install(ChatHub newHub, EngineSessions sessions) {
        engineSessions = sessions;
        hub = newHub;
    }

    public static void clear() {
        hub = null;
        engineSessions = null;
    }

    static EngineSessions engineSessions() {
        EngineSessions current = engineSessions;
        if (current == null) {
            throw new IllegalStateException("the Socket.io transport is not started");
        }
        return current;
    }

    static ChatHub get() {
        ChatHub current = hub;
        if (current == null) {
            throw new IllegalStateException("the chat hub is not started");
        }
        return current;
    }
}
