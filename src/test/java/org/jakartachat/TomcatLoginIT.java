package org.jakartachat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.api.Test;

/**
 * The login example of server-config/tomcat/login, on the real Tomcat: the same WAR deployed a
 * second time at /chat-login behind a BASIC security constraint (users alice and bob in role
 * chat-user, mallory in another role).
 */
class TomcatLoginIT {
    private static final URI BASE = URI.create(System.getProperty("chat.it.loginUrl", "http://127.0.0.1:8080/chat-login"));

    private static URI ws(String query) {
        return URI.create(BASE.toString().replaceFirst("^http", "ws") + "/ws" + (query == null ? "" : "?" + query));
    }

    private static Map<String, String> basic(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Map.of("Authorization", "Basic " + token);
    }

    private static int status(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The HTTP status of a WebSocket handshake, from a raw request. */
    private static int handshake(Map<String, String> headers) throws Exception {
        try (var raw = org.jakartachat.testing.RawWebSocket.open(ws("name=intruder"), headers)) {
            return raw.status();
        }
    }

    @Test
    void withoutALoginThePageAndTheHandshakeAreRefusedButHealthIsOpen() throws Exception {
        assertEquals(401, status("/", Map.of()));
        assertEquals(401, handshake(Map.of()));
        assertEquals(401, handshake(basic("alice", "wrong")));
        assertEquals(403, handshake(basic("mallory", "mallory-secret")), "a user without the chat role");
        assertEquals(200, status("/health", Map.of()));
        assertEquals(200, status("/", basic("alice", "alice-secret")));
    }

    @Test
    void metricsNeedTheMetricsRoleBehindTheLogin() throws Exception {
        assertEquals(401, status("/metrics", Map.of()), "not even from loopback without a login");
        assertEquals(403, status("/metrics", basic("alice", "alice-secret")), "a chat user is not a scraper");
        assertEquals(200, status("/metrics", basic("prometheus", "prometheus-secret")));
    }

    @Test
    void aStrangerCannotLockAUserOutWithAFewWrongPasswords() throws Exception {
        // The stock LockOutRealm locked a user out for 5 minutes after 5 wrong passwords.
        for (int i = 0; i < 10; i++) {
            assertEquals(401, status("/", basic("carol", "guess-" + i)));
        }
        assertEquals(200, status("/", basic("carol", "carol-secret")), "10 wrong passwords from a stranger");
    }

    @Test
    void twentyWrongPasswordsInARowLockTheUserOutForAMinute() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals(401, status("/", basic("dave", "guess-" + i)));
        }
        assertEquals(401, status("/", basic("dave", "dave-secret")), "locked out, the right password too");
    }

    @Test
    void theChatNameIsTheLoginAndCannotBeChanged() throws Exception {
        try (WsClient alice = WsClient.connect(ws("name=somebody-else"), basic("alice", "alice-secret"))) {
            JsonObject welcome = alice.next("welcome");
            assertEquals("alice", welcome.getString("name"), "the requested name is ignored");
            alice.send("{\"type\":\"rename\",\"name\":\"bob\"}");
            JsonObject error = alice.next("error");
            assertEquals("forbidden", error.getString("code"));
            alice.send("{\"type\":\"ping\",\"ref\":\"still-open\"}");
            assertEquals("still-open", alice.next("pong").getString("ref"));
        }
    }

    @Test
    void aUserWithTwoTabsIsTheSamePersonInBoth() throws Exception {
        String room = "tabs" + System.nanoTime() % 1_000_000;
        String join = "{\"type\":\"join\",\"room\":\"" + room + "\"}";
        try (WsClient alice = WsClient.connect(ws(null), basic("alice", "alice-secret"));
             WsClient first = WsClient.connect(ws(null), basic("bob", "bob-secret"));
             WsClient second = WsClient.connect(ws(null), basic("bob", "bob-secret"))) {
            alice.next("welcome");
            assertEquals("bob", first.next("welcome").getString("name"));
            assertEquals("bob", second.next("welcome").getString("name"));
            alice.send(join);
            alice.next("joined");
            first.send(join);
            first.next("joined");
            assertEquals("join", alice.next("presence").getString("event"));
            second.send(join);
            JsonObject joined = second.next("joined");
            assertEquals(List.of("alice", "bob"), joined.getJsonArray("members").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).sorted().toList(), "bob is listed once");

            // The login is the sender: a ref from one tab, retried from the other, is posted once.
            first.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"once\",\"ref\":\"tab-ref\"}");
            String id = first.nextOfType("message").getString("id");
            assertEquals(id, alice.nextOfType("message").getString("id"));
            second.nextOfType("message");
            second.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"once\",\"ref\":\"tab-ref\"}");
            assertEquals(id, second.nextOfType("message").getString("id"));

            // Closing one tab is not bob leaving; closing the other is.
            first.close();
            alice.assertSilentFor(Duration.ofMillis(700));
            second.close();
            JsonObject left = alice.next("presence");
            assertEquals("leave", left.getString("event"));
            assertEquals("bob", left.getString("name"));
            assertEquals(1, left.getInt("count"));
        }
    }

    @Test
    void aDirectMessageToALoginIsKeptForItsNextConnectionOnAnyDevice() throws Exception {
        String text = "while you were away " + System.nanoTime();
        try (WsClient bob = WsClient.connect(ws(null), basic("bob", "bob-secret"))) {
            assertEquals("bob", bob.next("welcome").getString("name")); // the server now knows bob's name is his
        }
        try (WsClient alice = WsClient.connect(ws(null), basic("alice", "alice-secret"))) {
            alice.next("welcome");
            alice.send("{\"type\":\"direct\",\"to\":\"bob\",\"text\":\"" + text + "\",\"ref\":\"away\"}");
            JsonObject own = alice.nextOfType("direct");
            assertEquals("away", own.getString("ref"), own::toString);
        }
        try (WsClient bob = WsClient.connect(ws(null), basic("bob", "bob-secret"))) {
            bob.next("welcome");
            bob.send("{\"type\":\"directs\"}");
            List<JsonObject> kept = bob.nextOfType("directs").getJsonArray("messages").getValuesAs(JsonObject.class);
            JsonObject last = kept.get(kept.size() - 1);
            assertEquals(text, last.getString("text"));
            assertEquals("alice", last.getString("from"));
            assertEquals("bob", last.getString("to"));
        }
    }
}
