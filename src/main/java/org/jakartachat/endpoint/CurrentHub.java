package org.jakartachat.endpoint;

import org.jakartachat.hub.ChatHub;

/**
 * The hub the endpoint instances of this application talk to. Each deployed WAR has its own
 * class loader and so its own holder; the listener installs it on start and clears it on stop.
 */
public final class CurrentHub {
    private static volatile ChatHub hub;

    private CurrentHub() {
    }

    public static void install(ChatHub newHub) {
        hub = newHub;
    }

    public static void clear() {
        hub = null;
    }

    static ChatHub get() {
        ChatHub current = hub;
        if (current == null) {
            throw new IllegalStateException("the chat hub is not started");
        }
        return current;
    }
}
