package org.jakartachat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jakartachat.testing.Deployed;
import org.jakartachat.testing.Metrics;
import org.jakartachat.testing.Unique;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.api.Test;

/**
 * GET /chat/metrics on the deployed WAR, on every server: the figures are the ones the test's
 * own clients caused, both formats are served, and only loopback (the default) may read them.
 */
class MetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theCountersAndGaugesAreWhatTheClientsDid() throws Exception {
        String room = Unique.unique("metrics");
        Metrics before = Metrics.scrape(Deployed.http("/metrics"));
        double online = before.settled(Deployed.http("/metrics"), "chat_connections{transport=\"websocket\"}");
        before = Metrics.scrape(Deployed.http("/metrics"));
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(WsClient.inRoom(Deployed.ws(Unique.unique("m")), room));
            }
            for (int i = 0; i < 5; i++) {
                clients.get(0).send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"hello " + i + "\"}");
            }
            for (WsClient client : clients) {
                for (int i = 0; i < 5; i++) {
                    client.nextOfType("message");
                }
            }
            clients.get(1).send("{\"type\":\"nonsense\"}");
            clients.get(1).next("error");
            clients.get(2).send("{\"type\":\"message\",\"room\":\"not-joined\",\"text\":\"x\"}");
            clients.get(2).next("error");

            Metrics during = Metrics.scrape(Deployed.http("/metrics"));
            assertEquals(online + 3, during.value("chat_connections{transport=\"websocket\"}"), during::toString);
            assertEquals(5, during.delta(before, "chat_messages_posted_total"));
            assertEquals(5, during.delta(before, "chat_frames_in_total{type=\"message\"}") - 1,
                    "five posts and the one to a room not joined");
            assertEquals(3, during.delta(before, "chat_frames_in_total{type=\"join\"}"));
            assertEquals(3, during.delta(before, "chat_connections_opened_total{transport=\"websocket\"}"));
            assertEquals(1, during.delta(before, "chat_errors_sent_total{code=\"unknown_type\"}"));
            assertEquals(1, during.delta(before, "chat_errors_sent_total{code=\"not_in_room\"}"));
            // Each client: welcome, joined, five messages (and presence as the others came); two got an error.
            assertTrue(during.delta(before, "chat_frames_out_total") >= 3 * 7 + 2, during::toString);
            assertTrue(during.delta(before, "chat_frames_out_bytes_total") > during.delta(before, "chat_frames_out_total"));
            assertTrue(during.value("chat_rooms") >= 1);
            assertTrue(during.value("chat_memberships") >= 3);
            assertEquals(5, during.delta(before, "chat_broadcast_seconds_count"), "one broadcast per message");
            assertTrue(during.has("jvm_memory_used_bytes"), "the JVM's memory");
            assertTrue(during.has("jvm_gc_memory_allocated_bytes_total"), "the JVM's GC binder works here too");
        } finally {
            for (WsClient client : clients) {
                client.close();
            }
        }
        Metrics after = Metrics.scrape(Deployed.http("/metrics"));
        after.settled(Deployed.http("/metrics"), "chat_connections{transport=\"websocket\"}");
        Metrics settled = Metrics.scrape(Deployed.http("/metrics"));
        assertEquals(online, settled.value("chat_connections{transport=\"websocket\"}"));
        // Each closed with 1000; one whose socket was gone before the server's reply to its close frame
        // went out is counted as an error, so the reasons are not asserted, only that each was counted once.
        double closed = 0;
        for (String reason : List.of("normal", "error")) {
            closed += settled.delta(before, "chat_connections_closed_total{reason=\"" + reason + "\",transport=\"websocket\"}");
        }
        assertEquals(3, closed, settled::toString);
    }

    @Test
    void openMetricsWhenAskedForAndPrometheusTextOtherwise() throws Exception {
        HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(Deployed.http("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, plain.statusCode());
        String type = plain.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/plain") && type.replace(" ", "").contains(";version=0.0.4"), type);
        assertTrue(plain.body().contains("# TYPE chat_messages_posted_total counter"), plain.body());
        HttpResponse<String> open = HTTP.send(HttpRequest.newBuilder(Deployed.http("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, open.statusCode());
        assertTrue(open.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(open.body().contains("# TYPE chat_messages_posted counter"), "OpenMetrics names the counter without _total");
        assertTrue(open.body().trim().endsWith("# EOF"));
    }

    @Test
    void onlyLoopbackMayReadThemByDefault() throws Exception {
        String proxy = System.getProperty("chat.it.trustedProxy", "127.0.0.9");
        assertEquals(200, statusFrom("127.0.0.1", null));
        assertEquals(403, statusFrom(proxy, "203.0.113.7"), "a client behind the trusted proxy is not loopback");
        assertEquals(200, statusFrom(proxy, "127.0.0.1"), "loopback behind the proxy is");
        assertEquals(403, statusFrom("127.0.0.1", "203.0.113.7"),
                "a proxy on loopback that is not a trusted one: its client is unknown, so not let in");
        assertEquals(403, statusFrom(proxy, "garbage"), "a chain that names no client");
    }

    /** The status of GET /metrics sent from {@code from}, with an X-Forwarded-For if given. */
    private static int statusFrom(String from, String forwardedFor) throws Exception {
        URI uri = Deployed.http("/metrics");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder status = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                status.append((char) c);
            }
            return Integer.parseInt(status.toString().split(" ")[1]);
        }
    }
}
