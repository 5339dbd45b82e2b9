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
    /** Tyrus (Payara, and the in-process test server): writes on the sender's thread (see Transport). */
    private final boolean tyrus;

    SessionTransport(Session session) {
        this.session = session;
        this.tyrus = TyrusSessions.isTyrus(session);
    }

    @Override
    public boolean writesOnCaller() {
        return tyrus;
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
        SendHandler handler = known.handler();
        if (tyrus) {
            TyrusSessions.send(() -> session.getAsyncRemote().sendObject(frame, handler));
        } else {
            session.getAsyncRemote().sendObject(frame, handler); // no object made per frame here
        }
    }

    @Override
    public void ping(Consumer<Throwable> done) {
        Throwable[] failed = new Throwable[1];
        TyrusSessions.call(tyrus, () -> {
            try {
                session.getAsyncRemote().sendPing(EMPTY.duplicate());
            } catch (IOException | RuntimeException e) {
                failed[0] = e;
            }
        });
        done.accept(failed[0]);
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
