package org.jakartachat.cluster;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.jakartachat.ChatProtocolContract;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.testing.InProcessServer;
import org.jakartachat.testing.RedisServer;
import org.jakartachat.testing.TestLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole protocol contract against one server in cluster mode: a client must not be able
 * to tell that the rooms live in Redis.
 */
class RedisProtocolTest extends ChatProtocolContract {
    private static RedisServer redis;
    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.startOrSkip();
        Map<String, String> settings = new HashMap<>(TestLimits.SETTINGS);
        settings.put("chat.redis.url", redis.url());
        server = InProcessServer.start(ChatConfig.load(settings::get, name -> null));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected boolean echoesComeThroughABackplane() {
        return true;
    }

    @Override
    protected URI uri(String name) {
        return server.uri(name);
    }
}
