package org.jakartachat.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.jakartachat.hub.Closing;
import org.jakartachat.hub.Transport;
import org.jakartachat.protocol.EncodedFrame;

/** Adapts a WebSocket {@link Session} to the hub's {@link Transport}. */
final class SessionTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;
    /** Tyrus (Payara, and the in-process test server) writes on the sender's thread: see Transport. */
    private final boolean writesOnCaller;

    SessionTransport(Session session) {
        this.session = session;
        this.writesOnCaller = session.getClass().getName().startsWith("org.glassfish.tyrus.");
    }

    @Override
    public boolean writesOnCaller() {
        return writesOnCaller;
    }

    @Override
    public void send(EncodedFrame frame, Consumer<Throwable> done) {
        session.getAsyncRemote().sendObject(frame, result -> done.accept(result.isOK() ? null : result.getException()));
    }

    @Override
    public void ping(Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendPing(EMPTY.duplicate());
            done.accept(null);
        } catch (IOException | RuntimeException e) {
            done.accept(e);
        }
    }

    @Override
    public void close(Closing closing) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(closing.code()), closing.reason()));
        } catch (IOException | RuntimeException e) {
            // The peer is gone already; nothing more to tell it.
        }
    }

    @Override
    public String describe() {
        return "session " + session.getId();
    }
}
