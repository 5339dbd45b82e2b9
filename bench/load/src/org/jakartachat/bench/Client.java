package org.jakartachat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One load-tool connection on the JDK's WebSocket client. The JDK client allows one send in
 * progress per socket, so sends are chained; frames arrive in parts and are joined here.
 * {@link PollingClient} is the same connection over Engine.IO's HTTP long-polling.
 */
class Client implements WebSocket.Listener {
    final Wire wire;
    final Deliveries deliveries;
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile CompletableFuture<Void> joined = new CompletableFuture<>();
    private volatile CompletableFuture<Integer> echo = new CompletableFuture<>();
    private CompletableFuture<WebSocket> sending;
    private volatile WebSocket socket;

    Client(Wire wire, Deliveries deliveries) {
        this.wire = wire;
        this.deliveries = deliveries;
    }

    static Client open(HttpClient http, Wire wire, String url, Deliveries deliveries) {
        Client client = new Client(wire, deliveries);
        http.newWebSocketBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(30))
                .buildAsync(URI.create(url), client)
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        client.ready.completeExceptionally(failure);
                    }
                });
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        synchronized (this) {
            sending = CompletableFuture.completedFuture(webSocket);
        }
        if (wire.hello() != null) {
            send(wire.hello());
        }
        webSocket.request(1);
    }

    /** Queues a frame behind the one being sent. */
    synchronized void send(String frame) {
        sending = sending.thenCompose(ws -> ws.sendText(frame, true));
    }

    /** Joins a room and completes when the server has answered (at once where no frame is needed). */
    CompletableFuture<Void> join(String room, int ack) {
        String frame = wire.join(room, ack);
        if (frame == null) {
            return CompletableFuture.completedFuture(null);
        }
        joined = new CompletableFuture<>();
        send(frame);
        return joined;
    }

    /** One round trip of the protocol's echo, in nanoseconds. */
    long echo(int ref) throws Exception {
        echo = new CompletableFuture<>();
        long start = System.nanoTime();
        send(wire.echo(ref));
        int answered = echo.get(10, TimeUnit.SECONDS);
        if (answered != ref) {
            throw new IllegalStateException("echo " + ref + " answered as " + answered);
        }
        return System.nanoTime() - start;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            handle(frame);
        }
        webSocket.request(1);
        return null;
    }

    void handle(String frame) {
        deliveries.frame();
        String text = wire.chatText(frame);
        if (text != null) {
            deliveries.received(text, System.nanoTime());
            return;
        }
        if (!ready.isDone() && wire.isReady(frame)) {
            ready.complete(null);
            return;
        }
        String reply = wire.reply(frame);
        if (reply != null) {
            send(reply);
            return;
        }
        int ref = wire.echoed(frame);
        if (ref >= 0 && !echo.isDone()) {
            echo.complete(ref);
        }
        if (wire.isJoinAnswer(frame)) {
            joined.complete(null);
        } else if (wire.isError(frame)) {
            joined.completeExceptionally(new IllegalStateException("the server refused: " + frame));
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        deliveries.closedByServer(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ready.completeExceptionally(error);
        deliveries.failed(error);
    }

    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }
}
