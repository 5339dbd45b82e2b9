package org.jakartachat.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
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

    /** A send's completion handler for one callback, made once and read in one step. */
    private record Completion(Consumer<Throwable> done, SendHandler handler) {
    }

    /**
     * The outbox passes the same callback to every send, so its handler is made once, not once
     * a frame; a transport whose caller passed another gets it remade.
     */
    private volatile Completion completion;

    @Override
    public void send(EncodedFrame frame, Consumer<Throwable> done) {
        Completion known = completion;
        if (known == null || known.done() != done) {
            known = new Completion(done, result -> done.accept(result.isOK() ? null : result.getException()));
            completion = known;
        }
        session.getAsyncRemote().sendObject(frame, known.handler());
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
