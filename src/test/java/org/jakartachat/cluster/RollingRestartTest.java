package org.jakartachat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jakartachat.testing.ClusterNodes;
import org.jakartachat.testing.ClusterNodes.Node;
import org.jakartachat.testing.Nginx;
import org.jakartachat.testing.RawWebSocket;
import org.jakartachat.testing.RedisServer;
import org.jakartachat.testing.WarNode;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart loses nothing: two instances of the WAR (embedded Tomcat, one JVM each) on
 * one redis-server behind nginx, clients chatting through nginx in one room while one instance
 * is stopped (its WAR undeployed: 1012 to its clients) and started again, then the other.
 *
 * <p>Each client does what the page does: on 1012 it reconnects at once (no backoff) as the same
 * sender (its guest token), joins
 * with {@code since} its newest message, and sends again every message not yet acknowledged
 * (its own copy, carrying the ref, is the acknowledgement), with the same ref. Checked: every
 * acknowledged message reached every client exactly once (0 lost, 0 duplicates), no message
 * was posted twice, and every close the clients saw was a 1012. Measured, and printed: how long
 * clients were unable to post (from a close to their next {@code joined}).
 */
class RollingRestartTest {
    private static final int CLIENTS = 8;
    /** Under the default message rate (5 a second), so that a retried burst stays within its burst of 10. */
    private static final Duration SEND_EVERY = Duration.ofMillis(250);

    @Test
    void stoppingAndStartingEachInstanceInTurnLosesAndDoublesNothing() throws Exception {
        try (RedisServer redis = RedisServer.startOrSkip();
             ClusterNodes cluster = new ClusterNodes(redis.url(), Map.of("chat.heartbeat.millis", "5000"))) {
            Node[] nodes = {cluster.start(WarNode.class), cluster.start(WarNode.class)};
            int[] ports = {nodes[0].port(), nodes[1].port()};
            try (Nginx nginx = Nginx.startOrSkip(List.of(ports[0], ports[1]))) {
                URI ws = URI.create("ws://127.0.0.1:" + nginx.port() + "/chat/ws");
                List<Client> clients = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    // Each from its own loopback address: nginx (sticky by address) spreads them over both.
                    clients.add(new Client("r" + i, "127.0.0." + (i + 1), ws));
                }
                clients.forEach(Client::start);
                for (Client client : clients) {
                    client.awaitJoined(Duration.ofSeconds(30));
                }
                Thread.sleep(2000);
                for (int i = 0; i < 2; i++) {
                    nodes[i].stop(); // the operator stops this instance; the other goes on
                    Thread.sleep(1000);
                    nodes[i] = cluster.start(WarNode.class, ports[i]);
                    Thread.sleep(3000);
                }
                clients.forEach(Client::stopSending);
                for (Client client : clients) {
                    client.awaitAllAcknowledged(Duration.ofSeconds(30));
                }
                Thread.sleep(1000); // the last messages reach everyone
                clients.forEach(Client::close);

                // Every acknowledged message, by id; each client must have each once.
                Map<String, String> acknowledged = new HashMap<>();
                clients.forEach(client -> acknowledged.putAll(client.acknowledgedIds));
                int lost = 0;
                int duplicates = 0;
                for (Client client : clients) {
                    Set<String> seen = new HashSet<>(client.received);
                    duplicates += client.received.size() - seen.size();
                    List<String> missed = new ArrayList<>();
                    for (String id : acknowledged.values()) {
                        if (!seen.contains(id)) {
                            missed.add(id);
                        }
                    }
                    lost += missed.size();
                    if (!missed.isEmpty()) {
                        System.out.println(client.name + " events " + client.events);
                        System.out.println(client.name + " missed " + missed + "; closes " + client.closeCodes
                                + ", unable to post " + client.unableToPostMillis + " ms, " + client.failures);
                    }
                }
                // A message posted twice would have one text under two ids.
                Map<String, Set<String>> idsByText = new HashMap<>();
                clients.forEach(client -> client.textOf.forEach((id, text) ->
                        idsByText.computeIfAbsent(text, t -> new HashSet<>()).add(id)));
                long doubled = idsByText.values().stream().filter(ids -> ids.size() > 1).count();
                List<Long> gaps = new ArrayList<>();
                List<Integer> codes = new ArrayList<>();
                clients.forEach(client -> {
                    gaps.addAll(client.unableToPostMillis);
                    codes.addAll(client.closeCodes);
                });
                gaps.sort(null);
                System.out.printf("rolling restart: %d clients, %d messages acknowledged, %d lost, %d duplicate"
                                + " receipts, %d posted twice; %d reconnects (close codes %s); unable to post"
                                + " p50 %d ms, max %d ms%n",
                        CLIENTS, acknowledged.size(), lost, duplicates, doubled, gaps.size(), new HashSet<>(codes),
                        gaps.isEmpty() ? 0 : gaps.get(gaps.size() / 2), gaps.isEmpty() ? 0 : gaps.get(gaps.size() - 1));

                assertTrue(acknowledged.size() > CLIENTS * 20, "the clients kept chatting: " + acknowledged.size());
                assertEquals(0, lost, "acknowledged messages some client never got");
                assertEquals(0, duplicates, "messages a client got twice");
                assertEquals(0, doubled, "messages posted twice");
                // Those on the instance stopped first moved twice (to the other, then back), the rest once.
                clients.forEach(client -> assertTrue(!client.unableToPostMillis.isEmpty(), client.name + " was never moved"));
                assertEquals(Set.of(1012), new HashSet<>(codes), "instances of a cluster close with 1012 when stopped");
                clients.forEach(client -> assertEquals(List.of(), client.failures, client.name));
            }
        }
    }

    /** A chat client that behaves as the page does across a restart. */
    private static final class Client {
        final String name;
        final String from;
        final URI ws;
        final String room = "rolling";
        /** Ids of the room's messages in the order this client got them, live or in a joined's history. */
        final List<String> received = new CopyOnWriteArrayList<>();
        final Map<String, String> textOf = new ConcurrentHashMap<>();
        /** Its own messages acknowledged: ref -> id. */
        final Map<String, String> acknowledgedIds = new ConcurrentHashMap<>();
        /** Sent and not yet acknowledged: ref -> text, in order. */
        final Map<String, String> pending = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        final List<Long> unableToPostMillis = new CopyOnWriteArrayList<>();
        final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        private volatile String lastId;
        /** The guest token of the first welcome: every reconnect is the same sender, as the page's is. */
        private volatile String token;
        private volatile RawWebSocket socket;
        private volatile boolean joined;
        private volatile boolean sending = true;
        private volatile boolean running = true;
        private volatile long closedAt;
        private final java.util.concurrent.atomic.AtomicInteger sequence = new java.util.concurrent.atomic.AtomicInteger();
        private Thread thread;

        Client(String name, String from, URI ws) {
            this.name = name;
            this.from = from;
            this.ws = ws;
        }

        void start() {
            thread = new Thread(this::run, "rolling-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        /** Connects, joins (resuming), resends what is pending, reads until the close; again, at once, until told to stop. */
        private void run() {
            while (running) {
                String query = "?name=" + name + (token == null ? ""
                        : "&token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
                try (RawWebSocket connection = RawWebSocket.openFrom(from, URI.create(ws + query), Map.of())) {
                    if (connection.status != 101) {
                        events.add(System.currentTimeMillis() % 100000 + " status " + connection.status);
                        Thread.sleep(20); // nginx found no instance at this moment: try again, briefly
                        continue;
                    }
                    socket = connection;
                    Thread sender = new Thread(() -> send(connection), "rolling-send-" + name);
                    sender.setDaemon(true);
                    sender.start();
                    String text;
                    while ((text = connection.readText()) != null) {
                        handle(Json.createReader(new StringReader(text)).readObject(), connection);
                    }
                    joined = false;
                    sender.interrupt();
                    if (running) {
                        closedAt = System.nanoTime();
                        closeCodes.add(connection.closeCode());
                        events.add(System.currentTimeMillis() % 100000 + " closed " + connection.closeCode() + " last " + lastId);
                    }
                } catch (IOException broken) {
                    joined = false;
                    if (running && closedAt == 0) {
                        closedAt = System.nanoTime();
                        closeCodes.add(-1);
                    }
                } catch (InterruptedException stop) {
                    return;
                } catch (RuntimeException bug) {
                    failures.add(bug.toString());
                    return;
                }
            }
        }

        private void handle(JsonObject frame, RawWebSocket connection) throws IOException {
            switch (frame.getString("type")) {
                case "welcome" -> {
                    token = frame.getString("token");
                    connection.sendText("{\"type\":\"join\",\"room\":\"" + room + "\""
                            + (lastId == null ? "" : ",\"since\":\"" + lastId + "\"") + "}");
                }
                case "joined" -> {
                    events.add(System.currentTimeMillis() % 100000 + " joined since " + lastId + " history "
                            + frame.getJsonArray("history").size() + " complete " + frame.getBoolean("complete"));
                    if (lastId != null && !frame.getBoolean("complete")) {
                        failures.add("resumed after " + lastId + " with messages missing (history too short)");
                    }
                    for (JsonValue message : frame.getJsonArray("history")) {
                        received(message.asJsonObject());
                    }
                    if (closedAt != 0) {
                        unableToPostMillis.add((System.nanoTime() - closedAt) / 1_000_000);
                        closedAt = 0;
                    }
                    // Again with its ref: one the server has already posted comes back as the original, once.
                    List<Map.Entry<String, String>> again;
                    synchronized (pending) {
                        again = new ArrayList<>(pending.entrySet());
                    }
                    for (Map.Entry<String, String> message : again) {
                        connection.sendText(post(message.getKey(), message.getValue()));
                    }
                    joined = true;
                }
                case "message" -> received(frame);
                case "error" -> failures.add(frame.toString());
                default -> { } // presence
            }
        }

        private void received(JsonObject message) {
            String id = message.getString("id");
            String ref = message.getString("ref", null);
            if (ref != null && pending.containsKey(ref) && textOf.containsKey(id)) {
                // A retry of a message this client already got in a joined's history: the server
                // answers with the original, to this client alone. An acknowledgement, not a delivery.
                pending.remove(ref);
                acknowledgedIds.put(ref, id);
                return;
            }
            received.add(id);
            textOf.put(id, message.getString("text"));
            lastId = id;
            if (ref != null && pending.remove(ref) != null) {
                acknowledgedIds.put(ref, id);
            } else if (ref != null && !acknowledgedIds.containsKey(ref)) {
                failures.add("an acknowledgement of nothing pending: " + message);
            }
        }

        private void send(RawWebSocket connection) {
            try {
                while (running) {
                    Thread.sleep(SEND_EVERY.toMillis());
                    if (sending && joined) {
                        String ref = name + "-" + sequence.incrementAndGet();
                        String text = "from " + ref;
                        pending.put(ref, text);
                        connection.sendText(post(ref, text));
                    }
                }
            } catch (InterruptedException | IOException closed) {
                // this connection ended; the next one resends what is pending
            }
        }

        private String post(String ref, String text) {
            return "{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"" + text + "\",\"ref\":\"" + ref + "\"}";
        }

        void awaitJoined(Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (!joined) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " never joined");
                }
                Thread.sleep(20);
            }
        }

        void stopSending() {
            sending = false;
        }

        void awaitAllAcknowledged(Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + ": never acknowledged " + pending.keySet() + "; closes " + closeCodes
                            + ", errors " + failures);
                }
                Thread.sleep(20);
            }
        }

        void close() {
            running = false;
            RawWebSocket current = socket;
            try {
                if (current != null) {
                    current.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            thread.interrupt();
        }
    }
}
