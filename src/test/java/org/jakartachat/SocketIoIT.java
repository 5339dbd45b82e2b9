package org.jakartachat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jakartachat.testing.Deployed;
import org.jakartachat.testing.SioClient;
import org.jakartachat.testing.SioClient.Mode;
import org.jakartachat.testing.Unique;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The official Socket.io client (the Java port, as a black box) against the deployed WAR, in
 * each of its three transport modes: polling only, WebSocket only, and the default, polling
 * first and then the upgrade. It chats with a native WebSocket client in the same room.
 */
class SocketIoIT {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aSocketIoClientChatsWithANativeClient(Mode mode) throws Exception {
        String room = Unique.unique("sio");
        String aliceName = Unique.unique("alice");
        try (SioClient alice = SioClient.connect(mode, Map.of("name", aliceName));
             WsClient bob = WsClient.connect(Deployed.ws(Unique.unique("bob")))) {
            JsonObject welcome = alice.next("welcome");
            assertEquals(aliceName, welcome.getString("name"));
            assertFalse(welcome.getString("token").isEmpty(), "a guest gets its token, as over the native protocol");
            String bobName = bob.next("welcome").getString("name");

            // The direct answer to an event with an ack comes through the ack, whole, and not also as an event.
            JsonObject joined = SioClient.only(alice.emitWithAck("join", SioClient.fields("room", room)));
            assertEquals("joined", joined.getString("type"), joined::toString);
            assertEquals(room, joined.getString("room"));
            assertFalse(joined.containsKey("ref"), "a ref the client never sent is not shown to it");

            bob.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            bob.next("joined");
            JsonObject presence = alice.nextOfType("presence");
            assertEquals(bobName, presence.getString("name"));
            assertEquals("join", presence.getString("event"));

            if (mode == Mode.DEFAULT) {
                awaitUpgrade(alice);
            }
            JsonObject own = SioClient.only(alice.emitWithAck("message", SioClient.fields("room", room, "text", "hello from Socket.io")));
            assertEquals("message", own.getString("type"));
            assertEquals(aliceName, own.getString("from"));
            JsonObject heard = bob.nextOfType("message");
            assertEquals("hello from Socket.io", heard.getString("text"));
            assertEquals(own.getString("id"), heard.getString("id"));

            bob.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"hello from WebSocket\"}");
            JsonObject message = alice.nextOfType("message");
            assertEquals("hello from WebSocket", message.getString("text"));
            assertEquals(bobName, message.getString("from"));
            assertEquals(room, message.getString("room"));
            assertTrue(message.containsKey("id") && message.containsKey("ts"), message::toString);
            assertFalse(message.containsKey("ref"));

            // An event without an answer of its own is acknowledged with no argument once it is done.
            assertEquals(List.of(), alice.emitWithAck("leave", SioClient.fields("room", room)));
            JsonObject left = bob.nextOfType("presence");
            assertEquals(aliceName, left.getString("name"));
            assertEquals("leave", left.getString("event"));
            if (mode == Mode.DEFAULT) {
                assertEquals("websocket", alice.transports().get(alice.transports().size() - 1), alice.transports()::toString);
            }
        }
    }

    private static void awaitUpgrade(SioClient client) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < end) {
            List<String> used = client.transports();
            if (!used.isEmpty() && used.get(used.size() - 1).equals("websocket")) {
                assertEquals("polling", used.get(0), "the default mode starts on polling");
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no upgrade to WebSocket: " + client.transports());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void refusalsComeAsErrorEventsOrThroughTheAck(Mode mode) throws Exception {
        try (SioClient client = SioClient.connect(mode, Map.of())) {
            client.next("welcome");
            client.emit("dance", SioClient.fields("room", "lobby"));
            assertEquals("unknown_type", client.nextOfType("error").getString("code"));

            JsonObject error = SioClient.only(client.emitWithAck("join", SioClient.fields("room", "no spaces allowed")));
            assertEquals("error", error.getString("type"));
            assertEquals("invalid_room", error.getString("code"));

            client.emit("message", SioClient.fields("room", Unique.unique("never-joined"), "text", "hi"));
            assertEquals("not_in_room", client.nextOfType("error").getString("code"));

            JsonObject pong = SioClient.only(client.emitWithAck("ping", null));
            assertEquals("pong", pong.getString("type"));
        }
    }

    /** Direct messages are events like every other frame: the same mapping, both ways, with a native client. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void directMessagesGoBetweenASocketIoClientAndANativeOne(Mode mode) throws Exception {
        String aliceName = Unique.unique("alice");
        String bobName = Unique.unique("bob");
        try (SioClient alice = SioClient.connect(mode, Map.of("name", aliceName));
             WsClient bob = WsClient.connect(Deployed.ws(bobName))) {
            alice.next("welcome");
            assertEquals(bobName, bob.next("welcome").getString("name"));

            JsonObject own = SioClient.only(alice.emitWithAck("direct", SioClient.fields("to", bobName, "text", "psst")));
            assertEquals("direct", own.getString("type"), own::toString);
            assertFalse(own.containsKey("ref"), "a ref the client never sent is not shown to it");
            JsonObject heard = bob.next("direct");
            assertEquals(own.getString("id"), heard.getString("id"));
            assertEquals(aliceName, heard.getString("from"));

            bob.send("{\"type\":\"direct\",\"to\":\"" + aliceName + "\",\"text\":\"back\"}");
            JsonObject answer = alice.nextOfType("direct");
            assertEquals("back", answer.getString("text"));
            assertEquals(bobName, answer.getString("from"));

            JsonObject blocks = SioClient.only(alice.emitWithAck("block", SioClient.fields("name", bobName)));
            assertEquals("blocks", blocks.getString("type"));
            bob.nextOfType("direct"); // his own copy of "back"
            bob.send("{\"type\":\"direct\",\"to\":\"" + aliceName + "\",\"text\":\"blocked?\"}");
            assertEquals("blocked", bob.next("error").getString("code"));

            JsonObject refused = SioClient.only(alice.emitWithAck("direct",
                    SioClient.fields("to", Unique.unique("nobody"), "text", "anyone?")));
            assertEquals("not_online", refused.getString("code"), refused::toString);
            JsonObject directs = SioClient.only(alice.emitWithAck("directs", SioClient.fields()));
            assertEquals("directs", directs.getString("type"));
        }
    }

    @Test
    void theClientScriptIsServedFromTheNpmPackage() throws Exception {
        HttpResponse<String> script = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                Deployed.http("/socket.io/socket.io.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(script.body().startsWith("/*!\n * Socket.IO v4.8.4"), "the script of socket.io-client 4.8.4");
    }
}
