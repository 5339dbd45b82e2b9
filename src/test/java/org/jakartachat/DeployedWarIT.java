package org.jakartachat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jakartachat.testing.Deployed;
import org.jakartachat.testing.RawWebSocket;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.api.Test;

/** What only a deployed WAR has: the page, its assets, /health and the Origin check. */
class DeployedWarIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(Deployed.http(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAndItsAssetsAreServed() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Jakarta Chat"));
        HttpResponse<String> jquery = get("/webjars/jquery/3.7.1/jquery.min.js");
        assertEquals(200, jquery.statusCode(), "jQuery comes from the WebJar inside the WAR");
        assertTrue(jquery.body().contains("jQuery"));
        assertEquals(200, get("/js/chat.js").statusCode());
        assertEquals(200, get("/css/chat.css").statusCode());
    }

    @Test
    void healthCountsConnectionsAndRooms() throws Exception {
        JsonObject before = health();
        assertEquals("ok", before.getString("status"));
        try (WsClient client = WsClient.connect(Deployed.ws("health" + ThreadLocalRandom.current().nextInt(1_000_000)))) {
            client.next("welcome");
            client.send("{\"type\":\"join\",\"room\":\"health-check\"}");
            client.next("joined");
            JsonObject during = health();
            assertTrue(during.getInt("online") >= 1, during::toString);
            assertTrue(during.getInt("rooms") >= 1, during::toString);
        }
    }

    private static JsonObject health() throws Exception {
        HttpResponse<String> response = get("/health");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    @Test
    void aHandshakeFromTheSameOriginIsAccepted() throws Exception {
        URI base = Deployed.base();
        String own = "http://" + base.getHost() + ":" + base.getPort();
        try (WsClient client = WsClient.connect(Deployed.ws("origin-ok"), Map.of("Origin", own))) {
            client.next("welcome");
        }
        assertEquals(101, handshakeStatus(own));
    }

    @Test
    void aHandshakeFromAForeignOriginIsRefusedWith403() throws Exception {
        assertEquals(403, handshakeStatus("http://evil.example"));
        assertEquals(403, handshakeStatus("null"));
        URI base = Deployed.base();
        assertEquals(403, handshakeStatus("https://" + base.getHost() + ":" + base.getPort()), "scheme differs");
        assertEquals(403, handshakeStatus("http://" + base.getHost() + ":" + (base.getPort() + 1)), "port differs");
    }

    @Test
    void aHandshakeWithoutOriginIsAcceptedByDefault() throws Exception {
        assertEquals(101, handshakeStatus(null));
    }

    /** Sends a raw WebSocket handshake and returns the HTTP status the server answers with. */
    private static int handshakeStatus(String origin) throws Exception {
        try (RawWebSocket raw = RawWebSocket.open(Deployed.ws("raw"), origin == null ? Map.of() : Map.of("Origin", origin))) {
            return raw.status();
        }
    }
}
