package org.jakartachat.cluster;

import static org.jakartachat.testing.Unique.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jakartachat.testing.ClusterNodes;
import org.jakartachat.testing.ClusterNodes.Node;
import org.jakartachat.testing.Nginx;
import org.jakartachat.testing.RedisServer;
import org.jakartachat.testing.SioClient;
import org.jakartachat.testing.SioClient.Mode;
import org.jakartachat.testing.WarNode;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cluster mode with Socket.io clients, as it is deployed: two servers running the WAR (each an
 * embedded Tomcat in a JVM of its own) on one Redis, behind nginx sticky by client address, as
 * Socket.io requires for polling. Two clients that nginx sends to different servers chat, in
 * each transport mode, with a native WebSocket client on one of the servers in the same room.
 */
class SocketIoClusterTest {
    private static RedisServer redis;
    private static ClusterNodes cluster;
    private static Node a;
    private static Node b;
    private static Nginx nginx;
    /** A client address nginx sends to server a, and one it sends to server b. */
    private static InetAddress toA;
    private static InetAddress toB;

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisServer.startOrSkip();
        cluster = new ClusterNodes(redis.url(), Map.of("chat.heartbeat.millis", "5000"));
        a = cluster.start(WarNode.class);
        b = cluster.start(WarNode.class);
        nginx = Nginx.startOrSkip(List.of(a.port(), b.port()));
        for (int last = 1; last < 64 && (toA == null || toB == null); last++) {
            InetAddress from = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
            if (servedByA(from)) {
                toA = toA == null ? from : toA;
            } else {
                toB = toB == null ? from : toB;
            }
        }
        if (toA == null || toB == null) {
            throw new IllegalStateException("nginx sent 63 client addresses all to one server");
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Opens an Engine.IO session through nginx from {@code from}, and asks server a whether it holds it. */
    private static boolean servedByA(InetAddress from) throws IOException {
        String open = exchange(from, nginx.port(), "GET /chat/socket.io/?EIO=4&transport=polling HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + nginx.port() + "\r\nConnection: close\r\n\r\n");
        int at = open.indexOf("0{\"sid\":\"");
        if (at < 0) {
            throw new IllegalStateException("no handshake through nginx: " + open);
        }
        String sid = open.substring(at + 9, open.indexOf('"', at + 9));
        String noop = exchange(InetAddress.getLoopbackAddress(), a.port(), "POST /chat/socket.io/?EIO=4&transport=polling&sid="
                + sid + " HTTP/1.1\r\nHost: 127.0.0.1:" + a.port() + "\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n"
                + "Connection: close\r\n\r\n6");
        return noop.startsWith("HTTP/1.1 200");
    }

    private static String exchange(InetAddress from, int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void socketIoClientsOnTwoServersBehindNginxChatWithEachOtherAndANativeClient(Mode mode) throws Exception {
        URI throughNginx = URI.create("http://127.0.0.1:" + nginx.port() + "/chat");
        String room = unique("cluster-sio");
        String aliceName = unique("alice");
        String bobName = unique("bob");
        try (SioClient alice = SioClient.connect(throughNginx, mode, Map.of("name", aliceName), toA);
             SioClient bob = SioClient.connect(throughNginx, mode, Map.of("name", bobName), toB);
             WsClient carol = WsClient.connect(b.uri(unique("carol")))) {
            alice.next("welcome");
            bob.next("welcome");
            carol.next("welcome");
            assertEquals("joined", SioClient.only(alice.emitWithAck("join", SioClient.fields("room", room))).getString("type"));
            assertEquals("joined", SioClient.only(bob.emitWithAck("join", SioClient.fields("room", room))).getString("type"));
            carol.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            carol.next("joined");
            assertEquals(bobName, alice.nextOfType("presence").getString("name"), "bob's join, from the other server");

            JsonObject own = SioClient.only(alice.emitWithAck("message", SioClient.fields("room", room, "text", "from a")));
            assertEquals("from a", own.getString("text"));
            assertEquals(own.getString("id"), bob.nextOfType("message").getString("id"), "through Redis to server b");
            assertEquals(own.getString("id"), carol.nextOfType("message").getString("id"));

            assertEquals("from b", SioClient.only(bob.emitWithAck("message", SioClient.fields("room", room, "text", "from b")))
                    .getString("text"), "bob's own copy comes through the ack, not as an event");
            JsonObject heard = alice.nextOfType("message");
            assertEquals("from b", heard.getString("text"));
            assertEquals(bobName, heard.getString("from"));
            assertFalse(heard.containsKey("ref"));
            carol.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"from carol\"}");
            assertEquals("from carol", alice.nextOfType("message").getString("text"));
            assertEquals("from carol", bob.nextOfType("message").getString("text"));
            if (mode == Mode.DEFAULT) {
                for (SioClient client : List.of(alice, bob)) {
                    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (!client.transports().contains("websocket") && System.nanoTime() < end) {
                        Thread.sleep(50);
                    }
                    assertEquals(List.of("polling", "websocket"), client.transports(), "upgraded through nginx");
                }
                alice.emit("message", SioClient.fields("room", room, "text", "after the upgrade"));
                assertEquals("after the upgrade", bob.nextOfType("message").getString("text"));
            }
        }
    }
}
