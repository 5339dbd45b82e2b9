package org.jakartachat.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.glassfish.tyrus.server.Server;
import org.jakartachat.cluster.RedisBackplane;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.endpoint.ChatEndpoint;
import org.jakartachat.endpoint.CurrentHub;
import org.jakartachat.hub.ChatHub;
import org.jakartachat.protocol.FrameCodec;

/** The chat endpoint in an in-process Tyrus (Grizzly) server on a free port of 127.0.0.1. */
public final class InProcessServer implements AutoCloseable {
    private final ChatHub hub;
    private final Server server;

    private InProcessServer(ChatConfig config) throws Exception {
        hub = config.redisUrl() == null ? new ChatHub(config, new FrameCodec())
                : new ChatHub(config, new FrameCodec(), RedisBackplane.create(config));
        hub.start();
        CurrentHub.install(hub);
        // -1: an ephemeral port (Tyrus reads 0 as its default, 8025)
        server = new Server("127.0.0.1", -1, "/chat", Map.of(), ChatEndpoint.class);
        server.start();
    }

    public static InProcessServer start(ChatConfig config) throws Exception {
        return new InProcessServer(config);
    }

    public ChatHub hub() {
        return hub;
    }

    public int port() {
        return server.getPort();
    }

    /** {@code ws://127.0.0.1:PORT/chat/ws?name=NAME}, or without a name when null. */
    public URI uri(String name) {
        return uri(server.getPort(), name);
    }

    static URI uri(int port, String name) {
        String query = name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        return URI.create("ws://127.0.0.1:" + port + "/chat/ws" + query);
    }

    @Override
    public void close() {
        server.stop();
        hub.shutdown();
        CurrentHub.clear();
    }
}
