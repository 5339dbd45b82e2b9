package org.jakartachat.abuse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.glassfish.tyrus.client.ClientManager;
import org.jakartachat.testing.WsClient;

/**
 * Well-behaved clients that keep chatting in a room while an abuse case runs next to them.
 * Each sends a numbered message at a steady pace (under the rate limit) and records every
 * message it receives with the time it arrived. At the end: did every witness get every
 * witness message, once, in one order, and how long did each take from send to receipt?
 */
final class Witnesses implements AutoCloseable {
    private static final ClientManager CLIENT = ClientManager.createClient();

    record Figures(int sent, int lost, long maxLatencyMillis, long p99LatencyMillis, List<String> problems) {
    }

    private record Received(String id, String text, long atNanos) {
    }

    private final String room;
    private final List<Session> sessions = new ArrayList<>();
    private final List<List<Received>> received = new ArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pace = Executors.newScheduledThreadPool(1);
    private final Map<String, List<String>> presence = new ConcurrentHashMap<>();

    Witnesses(Function<String, URI> uri, String room, int count, Duration every) throws Exception {
        this.room = room;
        for (int i = 0; i < count; i++) {
            List<Received> inbox = Collections.synchronizedList(new ArrayList<>());
            received.add(inbox);
            CountDownLatch joined = new CountDownLatch(1);
            String name = room + "-w" + i;
            Endpoint endpoint = new Endpoint() {
                @Override
                public void onOpen(Session s, EndpointConfig config) {
                    s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                        long now = System.nanoTime();
                        JsonObject frame = Json.createReader(new StringReader(text)).readObject();
                        switch (frame.getString("type")) {
                            case "joined" -> joined.countDown();
                            case "message" -> {
                                if (frame.getString("text").startsWith("witness ")) {
                                    inbox.add(new Received(frame.getString("id"), frame.getString("text"), now));
                                }
                            }
                            case "presence" -> presence.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>())
                                    .add(frame.getString("event") + " " + frame.getString("name"));
                            case "error" -> errors.add(name + " got " + frame);
                            default -> { }
                        }
                    });
                }
            };
            Session session = WsClient.retryingClientSideFailures(
                    () -> CLIENT.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), uri.apply(name)));
            session.setMaxIdleTimeout(-1); // never timed out, and no idle check per frame (see WsClient)
            session.getBasicRemote().sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            if (!joined.await(15, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " could not join " + room);
            }
            sessions.add(session);
        }
        long period = every.toMillis();
        for (int i = 0; i < count; i++) {
            Session session = sessions.get(i);
            int witness = i;
            int[] sequence = {0};
            pace.scheduleAtFixedRate(() -> {
                String text = "witness " + witness + " #" + sequence[0]++;
                sentAt.put(text, System.nanoTime());
                session.getAsyncRemote().sendText("{\"type\":\"message\",\"room\":\"" + room
                        + "\",\"text\":\"" + text + "\"}");
            }, period * i / count, period, TimeUnit.MILLISECONDS);
        }
    }

    /** The presence events one witness saw, e.g. "leave slow123". */
    List<String> presenceSeenBy(int witness) {
        return presence.getOrDefault(room + "-w" + witness, List.of());
    }

    /** Stops sending, waits for the last messages to arrive, and measures. */
    Figures stop(Duration latencyBound) throws InterruptedException {
        pace.shutdownNow();
        pace.awaitTermination(5, TimeUnit.SECONDS);
        int sent = sentAt.size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && received.stream().anyMatch(r -> r.size() < sent)) {
            Thread.sleep(50); // polling a count that other threads fill; no message to wait on
        }
        List<String> problems = new ArrayList<>(errors);
        List<String> reference = null;
        List<Long> latencies = new ArrayList<>();
        int lost = 0;
        for (int i = 0; i < received.size(); i++) {
            List<Received> inbox;
            synchronized (received.get(i)) {
                inbox = List.copyOf(received.get(i));
            }
            List<String> ids = inbox.stream().map(Received::id).toList();
            lost += Math.max(0, sent - inbox.size());
            if (ids.stream().distinct().count() != ids.size()) {
                problems.add("witness " + i + " received a message twice");
            }
            if (reference == null) {
                reference = ids;
            } else if (!reference.equals(ids)) {
                problems.add("witness " + i + " saw another order than witness 0");
            }
            for (Received r : inbox) {
                Long at = sentAt.get(r.text());
                if (at != null) {
                    latencies.add(TimeUnit.NANOSECONDS.toMillis(r.atNanos() - at));
                }
            }
        }
        Collections.sort(latencies);
        long max = latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1);
        long p99 = latencies.isEmpty() ? 0 : latencies.get((int) Math.min(latencies.size() - 1, latencies.size() * 0.99));
        if (lost > 0) {
            problems.add(lost + " witness deliveries lost");
        }
        if (max > latencyBound.toMillis()) {
            problems.add("a witness message took " + max + " ms, over the bound of " + latencyBound.toMillis() + " ms");
        }
        return new Figures(sent, lost, max, p99, problems);
    }

    @Override
    public void close() {
        pace.shutdownNow();
        for (Session session : sessions) {
            try {
                session.close();
            } catch (Exception ignored) {
                // already gone
            }
        }
    }
}
