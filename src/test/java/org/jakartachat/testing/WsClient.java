package org.jakartachat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A test's WebSocket client (Tyrus): frames arrive on Tyrus threads into a queue, and the
 * test reads and asserts on its own thread, waiting with a timeout, never sleeping.
 */
public final class WsClient implements AutoCloseable {
    /** Long enough for a loaded CI machine; a frame that should arrive arrives well within it. */
    public static final Duration WAIT = Duration.ofSeconds(15);

    private static final ClientManager CLIENT = ClientManager.createClient();

    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final Session session;

    private WsClient(URI uri, Map<String, String> headers) throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> requestHeaders) {
                        headers.forEach((k, v) -> requestHeaders.put(k, List.of(v)));
                    }
                }).build();
        this.session = CLIENT.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig c) {
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) inbox::add);
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closed.complete(reason);
            }
        }, config, uri);
        session.setMaxTextMessageBufferSize(8 * 1024 * 1024);
        // Never timed out. Not 0: Tyrus' client schedules an idle check on every send and receive
        // unless the timeout is negative, on an executor of its container that it shuts down when
        // the container's last connection closes; a connection made just then had its first send
        // fail with RejectedExecutionException after the frame went out (CI, stop 21).
        session.setMaxIdleTimeout(-1);
    }

    public static WsClient connect(URI uri) throws Exception {
        return connect(uri, Map.of());
    }

    public static WsClient connect(URI uri, Map<String, String> headers) throws Exception {
        return retryingClientSideFailures(() -> new WsClient(uri, headers));
    }

    /** A client welcomed and in {@code room} (its {@code joined} read). */
    public static WsClient inRoom(URI uri, String room) throws Exception {
        WsClient client = connect(uri);
        try {
            client.next("welcome");
            client.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            client.next("joined");
            return client;
        } catch (Exception | AssertionError failed) {
            client.close();
            throw failed;
        }
    }

    /** A Tyrus client connect, by any client of the tests. */
    public interface Connect<T> {
        T connect() throws Exception;
    }

    /**
     * Runs a Tyrus client connect, once more if it failed in one of the two ways Tyrus' Grizzly
     * client fails on its own side, each seen once in hundreds of thousands of connects with no
     * trace on the server: a null connection from a finished connect (an NPE), and a handshake
     * answer it drops because its session's idle-timeout executor rejects the new session
     * (RejectedExecutionException logged by Grizzly), which it then reports as "Handshake response
     * not received". Only these are tried once more; any other failure, or the same one twice,
     * fails the test.
     */
    public static <T> T retryingClientSideFailures(Connect<T> connect) throws Exception {
        try {
            return connect.connect();
        } catch (jakarta.websocket.DeploymentException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.contains("\"connection\" is null") && !message.contains("Handshake response not received")) {
                throw e;
            }
            return connect.connect();
        }
    }

    /** Sends raw text, exactly as given. */
    public void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    /**
     * Sends a frame the server is expected to close the connection over. The server may close
     * before the client has finished writing it, and Tyrus then throws from the send: that is
     * the expected outcome, so the caller checks {@link #awaitClose()} instead.
     */
    public void sendExpectingClose(String text) {
        try {
            send(text);
        } catch (IOException | RuntimeException closedMidSend) {
            // see above
        }
    }

    /**
     * Floods: sends {@code burst} frames as fast as it can, waits half a second for the close,
     * and if none came sends {@code again} more the same way, until closed (at most 20 s).
     * Bursts sized to reach the strike limit, rather than an endless stream, keep the flood from
     * racing the close: a client still writing when the server closes can have the close frame
     * wiped out by the TCP reset its own unread data provokes, and see 1006 instead of the
     * server's code. Returns how many frames were sent.
     */
    public int floodUntilClosed(int burst, int again, java.util.function.IntFunction<String> frame) throws Exception {
        int sent = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try {
            for (int size = burst; !closed.isDone() && System.nanoTime() < deadline; size = again) {
                for (int i = 0; i < size; i++) {
                    send(frame.apply(sent++));
                }
                try {
                    closed.get(500, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillOpen) {
                    // not yet closed (a token came back, so some frames passed): keep the refusals coming
                }
            }
        } catch (IOException | RuntimeException closedMidSend) {
            // the server closed while we were writing: what follows reads the close
        }
        return sent;
    }

    public void sendBinary(byte[] data) throws IOException {
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
    }

    /** The next frame, whatever its type; fails if none arrives in time. */
    public JsonObject next() throws InterruptedException {
        String text = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(text, "no frame arrived within " + WAIT);
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** The next frame, which must be of this type. */
    public JsonObject next(String type) throws InterruptedException {
        JsonObject frame = next();
        assertEquals(type, frame.getString("type"), () -> "expected a '" + type + "' frame, got " + frame);
        return frame;
    }

    /** The next frame, or null if none arrives within {@code wait} (the connection may have closed). */
    public JsonObject poll(Duration wait) throws InterruptedException {
        String text = inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        return text == null ? null : Json.createReader(new StringReader(text)).readObject();
    }

    /** How the connection was closed, as "code reason", or "not" while it is open. */
    public String closeReason() {
        CloseReason reason = closed.getNow(null);
        return reason == null ? "not" : reason.getCloseCode().getCode() + " " + reason.getReasonPhrase();
    }

    /** The next frame of this type, skipping frames of other types (presence, typing…). */
    public JsonObject nextOfType(String type) throws InterruptedException {
        while (true) {
            JsonObject frame = next();
            if (type.equals(frame.getString("type"))) {
                return frame;
            }
        }
    }

    /** Asserts that nothing arrives for a while (for "nobody else is told"). */
    public void assertSilentFor(Duration quiet) throws InterruptedException {
        String text = inbox.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(text, () -> "expected no frame, got " + text);
    }

    /** Takes every frame already queued, without waiting. */
    public List<String> drain() {
        List<String> frames = new ArrayList<>();
        inbox.drainTo(frames);
        return frames;
    }

    /** The close the server sent; fails if the connection is not closed in time. */
    public CloseReason awaitClose() throws Exception {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the connection was not closed within " + WAIT, e);
        }
    }

    public boolean isOpen() {
        return session.isOpen() && !closed.isDone();
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }
}
