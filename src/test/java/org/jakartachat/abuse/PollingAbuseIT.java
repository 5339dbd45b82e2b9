package org.jakartachat.abuse;

import static org.jakartachat.testing.Unique.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jakartachat.testing.Deployed;
import org.jakartachat.testing.Polling;
import org.jakartachat.testing.RawPolling;
import org.jakartachat.testing.RawWebSocket;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.api.Test;

/**
 * The abuse suite's cases for the Socket.io transports (issue 13): the Engine.IO polling rules a
 * client can break, the origin check on every request, and a polling client that vanishes. Each
 * answer is Engine.IO's own, and nobody else's chat is touched.
 */
class PollingAbuseIT {
    private static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String join(String room) {
        return "42[\"join\",{\"room\":\"" + room + "\"}]";
    }

    /**
     * A GET the server holds, with a heartbeat interval before the next ping would answer it: one
     * ping is read and answered first, so the test has the seconds after it to itself.
     */
    private static CompletableFuture<HttpResponse<String>> parkedGet(RawPolling client) throws Exception {
        client.until("2");
        assertEquals(200, client.post("3").statusCode());
        CompletableFuture<HttpResponse<String>> get = client.getAsync();
        Thread.sleep(300);
        if (get.isDone()) {
            throw new AssertionError("the GET was answered at once: " + get.get().body());
        }
        return get;
    }

    @Test
    void anUnknownSessionAVersionOrATransportNotServedGet400WithEngineIosBody() throws Exception {
        HttpResponse<String> get = RawPolling.send(HttpRequest.newBuilder(
                RawPolling.uri("EIO=4&transport=polling&sid=nosuchsession")).GET(), Map.of());
        assertEquals(400, get.statusCode());
        assertEquals(UNKNOWN_SID, get.body());
        assertTrue(get.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        HttpResponse<String> post = RawPolling.send(HttpRequest.newBuilder(
                RawPolling.uri("EIO=4&transport=polling&sid=nosuchsession")).POST(HttpRequest.BodyPublishers.ofString("40")),
                Map.of());
        assertEquals(400, post.statusCode());
        assertEquals(UNKNOWN_SID, post.body());
        HttpResponse<String> v3 = RawPolling.send(HttpRequest.newBuilder(RawPolling.uri("EIO=3&transport=polling")).GET(), Map.of());
        assertEquals(400, v3.statusCode());
        assertEquals("{\"code\":5,\"message\":\"Unsupported protocol version\"}", v3.body());
        HttpResponse<String> pigeon = RawPolling.send(HttpRequest.newBuilder(RawPolling.uri("EIO=4&transport=pigeon")).GET(), Map.of());
        assertEquals(400, pigeon.statusCode());
        assertEquals("{\"code\":0,\"message\":\"Transport unknown\"}", pigeon.body());
        HttpResponse<String> handshakeByPost = RawPolling.send(HttpRequest.newBuilder(RawPolling.uri("EIO=4&transport=polling"))
                .POST(HttpRequest.BodyPublishers.ofString("40")), Map.of());
        assertEquals(400, handshakeByPost.statusCode());
        assertEquals("{\"code\":2,\"message\":\"Bad handshake method\"}", handshakeByPost.body());
    }

    @Test
    void aSecondGetInFlightGets400AndTheSessionIsClosed() throws Exception {
        RawPolling client = RawPolling.connect(null);
        CompletableFuture<HttpResponse<String>> first = parkedGet(client);
        HttpResponse<String> second = client.get();
        assertEquals(400, second.statusCode());
        HttpResponse<String> firstAnswer = first.get(10, TimeUnit.SECONDS);
        assertEquals(200, firstAnswer.statusCode());
        assertTrue(firstAnswer.body().endsWith("1"), "the parked GET gets the close: " + firstAnswer.body());
        assertEquals(UNKNOWN_SID, client.get().body(), "the session is gone");
    }

    @Test
    void aSecondPostInFlightGets400AndTheSessionIsClosed() throws Exception {
        RawPolling client = RawPolling.connect(null);
        URI session = client.session();
        String body = "42[\"ping\",{}]";
        try (Socket slow = new Socket(session.getHost(), session.getPort())) {
            // The first POST's headers and half its body: the server is reading it.
            OutputStream out = slow.getOutputStream();
            out.write(("POST " + session.getRawPath() + "?" + session.getRawQuery() + " HTTP/1.1\r\nHost: "
                    + session.getHost() + ":" + session.getPort() + "\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 5)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(500);
            HttpResponse<String> second = client.post("42[\"ping\"]");
            assertEquals(400, second.statusCode(), second.body());
            out.write(body.substring(5).getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        assertEquals(UNKNOWN_SID, client.get().body(), "the session is gone");
    }

    @Test
    void aBodyOverTheFrameLimitGets413AndTheSessionGoesOn() throws Exception {
        RawPolling client = RawPolling.connect(null);
        String huge = "42[\"message\",{\"room\":\"lobby\",\"text\":\"" + "x".repeat(40_000) + "\"}]";
        HttpResponse<String> refused = client.post(huge);
        assertEquals(413, refused.statusCode());
        assertEquals(200, client.post("42[\"ping\",{\"ref\":\"after\"}]").statusCode());
        assertTrue(client.until("42[\"pong\"").get(0).contains("\"after\""), "the session still works");
    }

    @Test
    void aForeignOriginCanNeitherPostIntoASessionNorReadIt() throws Exception {
        String room = unique("csrf");
        RawPolling victim = RawPolling.connect(null);
        victim.post(join(room));
        victim.until("42[\"joined\"");
        try (WsClient witness = WsClient.connect(Deployed.ws(unique("witness")))) {
            witness.next("welcome");
            witness.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            witness.next("joined");
            Map<String, String> evil = Map.of("Origin", "http://evil.example");
            HttpResponse<String> forged = victim.post("42[\"message\",{\"room\":\"" + room + "\",\"text\":\"forged\"}]", evil);
            assertEquals(403, forged.statusCode());
            assertEquals(403, victim.get(evil).statusCode(), "nor read what the session is sent");
            assertEquals(403, RawPolling.send(HttpRequest.newBuilder(RawPolling.uri("EIO=4&transport=polling")).GET(), evil)
                    .statusCode(), "nor open a session");
            assertEquals(403, RawPolling.send(HttpRequest.newBuilder(RawPolling.uri("EIO=4&transport=polling")).GET(),
                    Map.of("Sec-Fetch-Site", "cross-site")).statusCode(),
                    "nor by a GET without Origin, as an image of a foreign page makes it");
            URI upgrade = URI.create(victim.session().toString().replaceFirst("^http", "ws")
                    .replace("transport=polling", "transport=websocket"));
            try (RawWebSocket foreign = RawWebSocket.open(upgrade, Map.of("Origin", "http://evil.example"))) {
                assertEquals(403, foreign.status, "nor take it over by the upgrade");
            }
            victim.post("42[\"message\",{\"room\":\"" + room + "\",\"text\":\"genuine\"}]");
            assertEquals("genuine", witness.nextOfType("message").getString("text"), "the forged post was never made");
        }
    }

    @Test
    void pollingAfterTheUpgradeGets400AndTheWebSocketCarriesTheSession() throws Exception {
        RawPolling client = RawPolling.connect(null);
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        URI ws = URI.create(client.session().toString().replaceFirst("^http", "ws").replace("transport=polling",
                "transport=websocket"));
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                frames.add(data.toString());
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        CompletableFuture<HttpResponse<String>> parked = parkedGet(client);
        socket.sendText("2probe", true).get(5, TimeUnit.SECONDS);
        assertEquals("3probe", frames.poll(5, TimeUnit.SECONDS));
        assertEquals("6", parked.get(5, TimeUnit.SECONDS).body(), "the pending GET gets a NOOP");
        socket.sendText("5", true).get(5, TimeUnit.SECONDS);
        Polling.waitFor(() -> {
            try {
                return client.get().statusCode() == 400;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, Duration.ofSeconds(5), "polls refused after the upgrade");
        assertEquals(400, client.post("42[\"ping\"]").statusCode());
        socket.sendText("42[\"ping\",{\"ref\":\"ws\"}]", true).get(5, TimeUnit.SECONDS);
        String pong = frames.poll(5, TimeUnit.SECONDS);
        while (pong != null && !pong.startsWith("42[\"pong\"")) {
            pong = frames.poll(5, TimeUnit.SECONDS);
        }
        assertEquals("42[\"pong\",{\"ref\":\"ws\"}]", pong);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aParkedGetIsAnsweredByTheHeartbeatsPingNotTheContainersTimeout() throws Exception {
        long heartbeat = Long.getLong("chat.it.heartbeatMillis", 25_000);
        RawPolling client = RawPolling.connect(null);
        long start = System.nanoTime();
        List<String> packets = client.until("2");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("2", packets.get(packets.size() - 1));
        assertTrue(tookMillis < 2 * heartbeat + 2_000, "a ping within the heartbeat: " + tookMillis + " ms");
        assertEquals(200, client.post("3").statusCode());
    }

    @Test
    void aPollingClientThatVanishesIsRemovedByTheHeartbeatAndItsLeaveAnnouncedOnce() throws Exception {
        long heartbeat = Long.getLong("chat.it.heartbeatMillis", 25_000);
        String room = unique("gone");
        String name = unique("vanishing");
        try (WsClient witness = WsClient.connect(Deployed.ws(unique("witness")))) {
            witness.next("welcome");
            witness.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            witness.next("joined");
            RawPolling vanishing = RawPolling.connect("{\"name\":\"" + name + "\"}");
            vanishing.post(join(room));
            vanishing.until("42[\"joined\"");
            assertEquals("join", witness.nextOfType("presence").getString("event"));
            long start = System.nanoTime();
            // From now on it neither polls nor answers a ping: a laptop closed mid-chat.
            var left = witness.nextOfType("presence");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("leave", left.getString("event"));
            assertEquals(name, left.getString("name"));
            assertTrue(tookMillis < 3 * heartbeat + 3_000, "removed after " + tookMillis + " ms");
            witness.assertSilentFor(Duration.ofMillis(heartbeat));
            System.out.println("Abuse suite: vanished polling client removed after " + tookMillis + " ms (heartbeat "
                    + heartbeat + " ms)");
            String last = vanishing.get().body();
            assertTrue(last.equals(UNKNOWN_SID) || last.endsWith("1"), "its next poll finds the session closed: " + last);
        }
    }
}
