package org.jakartachat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jakartachat.testing.ClusterNodes;
import org.jakartachat.testing.ClusterNodes.Node;
import org.jakartachat.testing.DelayingProxy;
import org.jakartachat.testing.Frames;
import org.jakartachat.testing.RedisServer;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode when Redis is slow and when rooms come and go: servers in JVMs of their own on a
 * redis-server this test starts, one of them reaching it through a proxy that delays every reply.
 */
class RedisFaultsTest {
    /** Joins, messages and frames unlimited enough for churn; otherwise the shipped defaults. */
    private static final Map<String, String> SETTINGS = Map.of(
            "chat.message.rate", "1000", "chat.message.burst", "1000",
            "chat.frame.rate", "2000", "chat.frame.burst", "2000",
            "chat.join.rate", "1000", "chat.join.burst", "1000", "chat.history.size", "100");
    private static final Duration DELAY = Duration.ofMillis(200);

    private static RedisServer redis;
    private static DelayingProxy slow;
    private static ClusterNodes direct;
    private static ClusterNodes delayed;
    private static ClusterNodes tiny;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.startOrSkip();
        slow = new DelayingProxy("127.0.0.1", redis.port(), DELAY);
        direct = new ClusterNodes(redis.url(), SETTINGS);
        delayed = new ClusterNodes(slow.url(), SETTINGS);
        java.util.HashMap<String, String> two = new java.util.HashMap<>(SETTINGS);
        two.put("chat.max.rooms", "2");
        tiny = new ClusterNodes(redis.url(), two);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closing : new AutoCloseable[] {tiny, delayed, direct, slow, redis}) {
            if (closing != null) {
                closing.close();
            }
        }
    }

    private static WsClient member(Node node, String name, String room) throws Exception {
        WsClient client = WsClient.connect(node.uri(name));
        client.next("welcome");
        client.send(Frames.join(room));
        client.nextOfType("joined");
        return client;
    }

    private static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    /**
     * Issue 12, point 3: a Redis call waits on its own round trip only. On the server behind the
     * slow proxy, a member of a quiet room gets each message about as late with another room
     * churning through joins and leaves on that same server as with the churn on another server.
     */
    @Test
    void aSlowRedisDelaysOnlyTheCallsThatWaitOnIt() throws Exception {
        Node far = delayed.start();
        Node near = direct.start();
        String calm = unique("calm");
        String busy = unique("busy");
        try (WsClient listener = member(far, unique("listener"), calm);
             WsClient poster = member(near, unique("poster"), calm);
             WsClient talker = member(near, unique("talker"), busy);
             WsClient stayer = member(far, unique("stayer"), busy)) {
            List<Long> quiet = calmLatencies(near, calm, busy, listener, poster, talker, stayer);
            List<Long> churned = calmLatencies(far, calm, busy, listener, poster, talker, stayer);
            long quietMedian = median(quiet);
            long churnedMedian = median(churned);
            System.out.printf("slow Redis (+%d ms a reply): a quiet room's latency on that server, median %d ms with"
                    + " the churn elsewhere %s, %d ms with it on the same server %s%n", DELAY.toMillis(),
                    quietMedian, quiet, churnedMedian, churned);
            assertTrue(churnedMedian <= quietMedian + 50, "median " + churnedMedian + " ms against " + quietMedian);
        }
    }

    /**
     * Posts 12 messages to the calm room, 450 ms apart, while a talker posts to the busy room and
     * churners on {@code churnOn} join and leave it; returns each calm message's latency.
     */
    private static List<Long> calmLatencies(Node churnOn, String calm, String busy, WsClient listener, WsClient poster,
                                            WsClient talker, WsClient stayer) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService background = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        try {
            running.add(background.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    talker.send(Frames.message(busy, "busy " + i));
                    Thread.sleep(20);
                }
                return null;
            }));
            for (int c = 0; c < 2; c++) {
                running.add(background.submit(() -> {
                    try (WsClient churner = WsClient.connect(churnOn.uri(unique("churner")))) {
                        churner.next("welcome");
                        while (!stop.get()) {
                            churner.send(Frames.join(busy));
                            churner.nextOfType("joined");
                            churner.send(Frames.leave(busy));
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(1000);
            List<Long> latencies = new ArrayList<>();
            String tag = unique("t");
            for (int i = 0; i < 12; i++) {
                poster.send(Frames.message(calm, tag + " " + System.nanoTime()));
                while (true) {
                    JsonObject got = listener.nextOfType("message");
                    String[] text = got.getString("text").split(" ");
                    if (text[0].equals(tag)) {
                        latencies.add((System.nanoTime() - Long.parseLong(text[1])) / 1_000_000);
                        break;
                    }
                }
                Thread.sleep(450);
            }
            return latencies;
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            background.shutdown();
            stayer.drain();
            talker.drain();
            poster.drain();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Issue 12, point 4: on a server holding at most two rooms, members churn through three while
     * another server floods them, so rooms are evicted and made anew under the deliveries. Every
     * stay in a room gets every message of that room from its join on, once, in order.
     */
    @Test
    void roomsEvictedAndMadeAnewUnderTheFeedLoseNoMessageForAnyMember() throws Exception {
        Node small = tiny.start();
        Node flooder = direct.start();
        List<String> rooms = List.of(unique("ev1"), unique("ev2"), unique("ev3"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger stays = new AtomicInteger();
        AtomicInteger checked = new AtomicInteger();
        ExecutorService background = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        try (WsClient source = WsClient.connect(flooder.uri(unique("source")))) {
            source.next("welcome");
            for (String room : rooms) {
                source.send(Frames.join(room));
                source.nextOfType("joined");
            }
            running.add(background.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    if (!source.isOpen()) {
                        throw new AssertionError("the source was closed: " + source.closeReason());
                    }
                    source.send(Frames.message(rooms.get(i % 3), Integer.toString(i / 3)));
                    Thread.sleep(3);
                    if (i % 100 == 0) {
                        source.drain();
                    }
                }
                return null;
            }));
            for (int c = 0; c < 3; c++) {
                int first = c;
                running.add(background.submit(() -> {
                    try (WsClient member = WsClient.connect(small.uri(unique("member")))) {
                        member.next("welcome");
                        for (int n = first; !stop.get(); n++) {
                            String room = rooms.get(n % 3);
                            if (stay(member, room, checked)) {
                                stays.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(12_000);
            stop.set(true);
            for (Future<?> f : running) {
                f.get(); // an assertion failed in a stay fails here
            }
        } finally {
            stop.set(true);
            background.shutdownNow();
        }
        System.out.printf("evicted rooms: %d stays in 3 rooms on a server holding 2, %d messages checked%n",
                stays.get(), checked.get());
        assertTrue(stays.get() >= 10, "stays: " + stays.get());
        assertTrue(checked.get() >= 100, "messages checked: " + checked.get());
    }

    /**
     * Joins the room, reads its messages for a moment, leaves; checks the live messages continue
     * the history without a gap or a repeat. False if the server had no room to give (rooms_full).
     */
    private static boolean stay(WsClient member, String room, AtomicInteger checked) throws Exception {
        member.send(Frames.join(room));
        JsonObject answer;
        do {
            answer = member.next();
        } while (!answer.getString("type").equals("joined") && !answer.getString("type").equals("error"));
        if (answer.getString("type").equals("error")) {
            assertEquals("rooms_full", answer.getString("code"), answer::toString);
            Thread.sleep(20);
            return false;
        }
        var history = answer.getJsonArray("history");
        int last = history.isEmpty() ? -1
                : Integer.parseInt(history.getJsonObject(history.size() - 1).getString("text"));
        long until = System.nanoTime() + Duration.ofMillis(150).toNanos();
        while (System.nanoTime() < until) {
            JsonObject frame = member.poll(Duration.ofMillis(50));
            if (frame == null || !frame.getString("type").equals("message") || !frame.getString("room").equals(room)) {
                continue;
            }
            int n = Integer.parseInt(frame.getString("text"));
            if (last >= 0) {
                assertEquals(last + 1, n, "in " + room + " after " + last + ": " + frame);
            }
            last = n;
            checked.incrementAndGet();
        }
        member.send(Frames.leave(room));
        // What was queued before the leave arrives before the pong: none of it can be taken for the next stay's.
        member.send(Frames.ping("after-" + room));
        member.nextOfType("pong");
        return true;
    }
}
