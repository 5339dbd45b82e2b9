package org.jakartachat.hub;

import java.util.function.Consumer;
import org.jakartachat.protocol.EncodedFrame;

/**
 * The hub's view of one client connection: the only thing a transport (a WebSocket session,
 * a test double, a future second transport) has to provide.
 *
 * <p>The hub calls {@link #send} and {@link #ping} from one writer at a time per connection
 * and never starts the next before {@code done} has run for the previous one.
 */
public interface Transport {

    /** Starts sending one frame; calls {@code done} with null on success or the failure. */
    void send(EncodedFrame frame, Consumer<Throwable> done);

    /** Starts sending a WebSocket ping; calls {@code done} like {@link #send}. */
    void ping(Consumer<Throwable> done);

    /**
     * Closes the connection with a WebSocket close code. May block while the container flushes
     * (the hub calls it on its own closing threads, never under a lock); may be called twice.
     */
    void close(Closing closing);

    /** Who is on the other end, for log lines. */
    String describe();

    /**
     * What carries the connection, as a metrics label: {@code websocket} (the chat's own
     * protocol), {@code socketio-websocket} or {@code socketio-polling}. Few values, never a
     * client's.
     */
    default String kind() {
        return "websocket";
    }

    /**
     * True when {@link #send} writes to the network on the calling thread and may wait there
     * for the client to take the data, as Tyrus's servlet writer (Payara) does. The hub then
     * starts this connection's writes on its own writer threads, never on a thread that reads
     * clients (see {@link DeferredWrites}). Tomcat's and Undertow's async sends only hand the
     * frame over, so they start where they are claimed, with no thread hand-off.
     */
    default boolean writesOnCaller() {
        return false;
    }
}
