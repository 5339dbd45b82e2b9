package org.jakartachat.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An Engine.IO polling client written against the wire, for the tests that break its rules on
 * purpose (two GETs at once, a body too large, a foreign origin, a client that stops polling).
 */
public final class RawPolling {
    public static final String RS = "\u001e";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public final String sid;

    private RawPolling(String sid) {
        this.sid = sid;
    }

    public static URI uri(String query) {
        return Deployed.http("/socket.io/?" + query);
    }

    /** The handshake; then the Socket.IO CONNECT with {@code auth} (JSON or null), and the welcome read. */
    public static RawPolling connect(String auth) throws Exception {
        HttpResponse<String> open = send(HttpRequest.newBuilder(uri("EIO=4&transport=polling")).GET(), Map.of());
        if (open.statusCode() != 200 || !open.body().startsWith("0{\"sid\":\"")) {
            throw new AssertionError("handshake: " + open.statusCode() + " " + open.body());
        }
        String sid = open.body().substring(9, open.body().indexOf('"', 9));
        RawPolling client = new RawPolling(sid);
        client.post("40" + (auth == null ? "" : auth));
        client.until("42[\"welcome\"");
        return client;
    }

    public URI session() {
        return uri("EIO=4&transport=polling&sid=" + sid);
    }

    public HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return post(body, Map.of());
    }

    public HttpResponse<String> post(String body, Map<String, String> headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(session()).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "text/plain;charset=UTF-8"), headers);
    }

    public HttpResponse<String> get() throws IOException, InterruptedException {
        return get(Map.of());
    }

    public HttpResponse<String> get(Map<String, String> headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(session()).GET(), headers);
    }

    public CompletableFuture<HttpResponse<String>> getAsync() {
        return HTTP.sendAsync(HttpRequest.newBuilder(session()).GET().timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until a packet starting with {@code prefix} comes; returns every packet read, in order. */
    public List<String> until(String prefix) throws Exception {
        List<String> seen = new ArrayList<>();
        long end = System.nanoTime() + WsClient.WAIT.toNanos();
        while (System.nanoTime() < end) {
            HttpResponse<String> response = get();
            if (response.statusCode() != 200) {
                throw new AssertionError("poll: " + response.statusCode() + " " + response.body() + " after " + seen);
            }
            for (String packet : response.body().split(RS)) {
                seen.add(packet);
                if (packet.startsWith(prefix)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no " + prefix + " in " + seen);
    }

    public static HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> headers)
            throws IOException, InterruptedException {
        headers.forEach(request::header);
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
