package org.jakartachat;

import java.net.URI;
import org.jakartachat.testing.InProcessServer;
import org.jakartachat.testing.TestLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The protocol contract against the endpoint in an in-process Tyrus server. */
class InProcessProtocolTest extends ChatProtocolContract {
    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(TestLimits.config());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected URI uri(String name) {
        return server.uri(name);
    }
}
