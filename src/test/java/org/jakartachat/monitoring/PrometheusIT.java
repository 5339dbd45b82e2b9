package org.jakartachat.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jakartachat.testing.Deployed;
import org.jakartachat.testing.Metrics;
import org.jakartachat.testing.Prometheus;
import org.jakartachat.testing.Unique;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.api.Test;

/**
 * The real tools against the WAR on the real Tomcat: Debian's Prometheus scrapes
 * /chat/metrics with server-config/monitoring/prometheus.yml (its target pointed at the server
 * under test, every second), loads the alert rules, and answers with the values the test's
 * clients caused; promtool accepts the configuration and the rules; every query of the Grafana
 * dashboard is one Prometheus evaluates.
 */
class PrometheusIT {
    private static final Path MONITORING = Path.of("server-config", "monitoring");

    @Test
    void prometheusScrapesWhatTheClientsDid() throws Exception {
        Path home = Files.createTempDirectory("chat-prometheus");
        URI base = Deployed.base();
        String shipped = Files.readString(MONITORING.resolve("prometheus.yml"));
        assertTrue(shipped.contains("'127.0.0.1:8080'") && shipped.contains("metrics_path: /chat/metrics"), shipped);
        Files.writeString(home.resolve("prometheus.yml"), shipped
                .replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
                .replace("metrics_path: /chat/metrics", "metrics_path: " + base.getPath() + "/metrics")
                .replace("'127.0.0.1:8080'", "'" + base.getHost() + ":" + base.getPort() + "'"));
        Files.copy(MONITORING.resolve("alerts.yml"), home.resolve("alerts.yml"));
        Prometheus.promtool("check", "config", home.resolve("prometheus.yml").toString());
        String rules = Prometheus.promtool("check", "rules", home.resolve("alerts.yml").toString());
        assertTrue(rules.contains("3 rules found"), rules);

        try (Prometheus prometheus = Prometheus.start(home.resolve("prometheus.yml"))) {
            awaitValue(prometheus, "up{job=\"chat\"}", 1, "Prometheus reaches /metrics (loopback is allowed)");
            String room = Unique.unique("prom");
            // Connections earlier tests left may still be closing: start from a count that holds still.
            double baseline = Metrics.scrape(Deployed.http("/metrics"))
                    .settled(Deployed.http("/metrics"), "chat_connections{transport=\"websocket\"}");
            List<WsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(WsClient.inRoom(Deployed.ws(Unique.unique("p")), room));
                }
                for (int i = 0; i < 7; i++) {
                    clients.get(i % 3).send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"m" + i + "\"}");
                }
                for (WsClient client : clients) {
                    for (int i = 0; i < 7; i++) {
                        client.nextOfType("message");
                    }
                }
                // What the WAR says now, the test's clients all in: Prometheus must come to the same.
                Metrics now = Metrics.scrape(Deployed.http("/metrics"));
                double posted = now.value("chat_messages_posted_total");
                double online = now.value("chat_connections{transport=\"websocket\"}");
                assertEquals(baseline + 3, online);
                awaitValue(prometheus, "chat_messages_posted_total{job=\"chat\"}", posted, "messages posted");
                awaitValue(prometheus, "chat_connections{job=\"chat\",transport=\"websocket\"}", online, "connections");
                double before = prometheus.single("chat_messages_posted_total{job=\"chat\"} offset 1h");
                assertTrue(Double.isNaN(before), "a fresh Prometheus has no older samples");
                assertTrue(prometheus.single("sum(chat_frames_out_total{job=\"chat\"})") >= 3 * 7);
            } finally {
                for (WsClient client : clients) {
                    client.close();
                }
            }
            JsonArray groups = prometheus.get("/api/v1/rules").getJsonObject("data").getJsonArray("groups");
            List<String> loaded = new ArrayList<>();
            for (JsonValue group : groups) {
                for (JsonValue rule : group.asJsonObject().getJsonArray("rules")) {
                    assertEquals("ok", rule.asJsonObject().getString("health"), rule.toString());
                    loaded.add(rule.asJsonObject().getString("name"));
                }
            }
            assertEquals(List.of("ChatOutboxOverflowsRising", "ChatRedisUnavailable", "ChatFeedLagHigh"), loaded);
            for (String expression : dashboardQueries()) {
                prometheus.query(expression); // status success: Prometheus parses and evaluates it
            }
        }
    }

    /** Every query of the shipped Grafana dashboard. */
    private static List<String> dashboardQueries() throws Exception {
        JsonObject dashboard = Json.createReader(new StringReader(
                Files.readString(MONITORING.resolve("grafana-dashboard.json")))).readObject();
        List<String> queries = new ArrayList<>();
        for (JsonValue panel : dashboard.getJsonArray("panels")) {
            for (JsonValue target : panel.asJsonObject().getJsonArray("targets")) {
                queries.add(target.asJsonObject().getString("expr"));
            }
        }
        assertTrue(queries.size() >= 5, queries.toString());
        return queries;
    }

    private static void awaitValue(Prometheus prometheus, String expression, double expected, String what)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = prometheus.single(expression);
            if (last == expected) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + ": Prometheus has " + last + " for " + expression + ", expected " + expected
                + "\n" + prometheus.log());
    }
}
