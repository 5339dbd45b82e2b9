package org.jakartachat.testing;

import java.util.Map;
import org.jakartachat.config.ChatConfig;

/**
 * The configuration every protocol test server runs with: the shipped defaults except a short
 * history, of rooms and of each person's direct messages, so eviction is reached in a few messages. The pom passes the same settings to the
 * real servers of the integration tests.
 */
public final class TestLimits {
    public static final int HISTORY = 5;
    public static final Map<String, String> SETTINGS = Map.of("chat.history.size", String.valueOf(HISTORY),
            "chat.direct.history", String.valueOf(HISTORY));

    private TestLimits() {
    }

    public static ChatConfig config() {
        return ChatConfig.load(SETTINGS::get, name -> null);
    }

    public static final ChatConfig DEFAULTS = ChatConfig.defaults();
}
