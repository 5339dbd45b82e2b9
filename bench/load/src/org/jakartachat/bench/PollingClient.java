package org.jakartachat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One load-tool connection over Engine.IO v4's HTTP long-polling, to the WAR or to Socket.io
 * alike: the handshake GET, then one GET always waiting for packets and one POST at a time
 * carrying every packet queued meanwhile (the protocol allows one of each in flight). Packets
 * are the same text as over WebSocket, so the same {@link Wire} reads and writes them.
 */
final class PollingClient extends Client {
    private static final String SEPARATOR = "\u001e";
    private final HttpClient http;
    private final String endpoint;
    private volatile URI session;
    private volatile boolean closed;
    private final List<String> queued = new ArrayList<>();
    private boolean posting;

    private PollingClient(HttpClient http, Wire wire, String endpoint, Deliveries deliveries) {
        super(wire, deliveries);
        this.http = http;
        this.endpoint = endpoint;
    }

    /** {@code url} is the WebSocket URL the wire gives; the polling one is the same with http and transport=polling. */
    static PollingClient open(HttpClient http, Wire wire, String url, Deliveries deliveries) {
        String endpoint = url.replaceFirst("^ws", "http").replace("transport=websocket", "transport=polling");
        PollingClient client = new PollingClient(http, wire, endpoint, deliveries);
        http.sendAsync(get(URI.create(endpoint)), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() != 200 || !response.body().startsWith("0{\"sid\":\"")) {
                client.ready.completeExceptionally(failure != null ? failure
                        : new IllegalStateException("handshake " + (response == null ? "" : response.statusCode())));
                return;
            }
            String body = response.body();
            String sid = body.substring(9, body.indexOf('"', 9));
            client.session = URI.create(endpoint + "&sid=" + sid);
            if (wire.hello() != null) {
                client.send(wire.hello());
            }
            client.poll();
        });
        return client;
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET().build();
    }

    private void poll() {
        if (closed) {
            return;
        }
        http.sendAsync(get(session), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (closed) {
                return;
            }
            if (failure != null || response.statusCode() != 200) {
                deliveries.closedByServer(failure != null ? -1 : response.statusCode());
                return;
            }
            for (String packet : response.body().split(SEPARATOR)) {
                handle(packet);
            }
            poll();
        });
    }

    @Override
    synchronized void send(String frame) {
        queued.add(frame);
        if (!posting && session != null) {
            post();
        }
    }

    /** Under the monitor: one POST with everything queued. */
    private void post() {
        String body = String.join(SEPARATOR, queued);
        queued.clear();
        posting = true;
        http.sendAsync(HttpRequest.newBuilder(session).timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "text/plain;charset=UTF-8").build(),
                HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                    synchronized (this) {
                        posting = false;
                        if (failure != null || response.statusCode() != 200) {
                            deliveries.failed(failure != null ? failure : new IllegalStateException("POST "
                                    + response.statusCode()));
                        }
                        if (!queued.isEmpty() && !closed) {
                            post();
                        }
                    }
                });
    }

    /** Ends the session with Engine.IO's close packet, so the server need not wait for its heartbeat. */
    @Override
    void close() {
        closed = true;
        URI current = session;
        if (current != null) {
            http.sendAsync(HttpRequest.newBuilder(current).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("1")).build(), HttpResponse.BodyHandlers.discarding());
        }
    }
}
