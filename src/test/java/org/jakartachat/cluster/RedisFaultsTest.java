package org.jakartachat.cluster;

import static org.jakartachat.testing.Unique.unique;
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
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

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
            // What that server shows without the churn is between one delay and two (a message waits
            // for the reply to the feed read under way, then for its own), and where in that range
            // varies from run to run with the reads' timing: so the bound is that range's top, or
            // the median without the churn if higher, plus 50 ms. (The previous main: 3.6 s.)
            long bound = Math.max(quietMedian, 2 * DELAY.toMillis()) + 50;
            assertTrue(churnedMedian <= bound, "median " + churnedMedian + " ms, more than " + bound);
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

    /**
     * Issue 12, point 6: each fault in turn (Redis restarted with its append-only file, Redis
     * paused 10 s, one server killed with SIGKILL, a bad feed entry), under four clients on two
     * servers posting with refs and retrying each until it is acknowledged, as the protocol
     * asks; a client whose server dies reconnects to the other and resumes with {@code since}.
     * Nothing acknowledged is lost, nothing is posted or received twice, and how long each fault
     * kept someone from posting is printed (the README's Scaling out has the figures).
     */
    @Test
    void everyFaultLosesNothingAcknowledgedRepeatsNothingAndPostingResumes() throws Exception {
        java.util.HashMap<String, String> settings = new java.util.HashMap<>(SETTINGS);
        settings.put("chat.history.size", "5000");
        try (RedisServer store = RedisServer.startOrSkip();
             ClusterNodes servers = new ClusterNodes(store.url(), settings);
             RedisClient admin = RedisClient.create(store.url())) {
            Node a = servers.start();
            Node b = servers.start();
            String room = unique("faults");
            AtomicBoolean stop = new AtomicBoolean();
            List<Poster> posters = List.of(new Poster("pa1", a, b, room, stop), new Poster("pa2", a, b, room, stop),
                    new Poster("pb1", b, a, room, stop), new Poster("pb2", b, a, room, stop));
            ExecutorService threads = Executors.newFixedThreadPool(posters.size());
            List<Future<?>> running = new ArrayList<>();
            for (Poster poster : posters) {
                poster.connect();
            }
            for (Poster poster : posters) {
                running.add(threads.submit(poster));
            }
            Map<String, Long> recovery = new java.util.LinkedHashMap<>();
            try {
                Thread.sleep(1500);
                store.stop();
                store.start();
                recovery.put("Redis restarted (append-only file)", untilEveryonePosts(posters, System.nanoTime()));
                store.pause();
                Thread.sleep(10_000);
                store.resume();
                recovery.put("Redis paused 10 s", untilEveryonePosts(posters, System.nanoTime()));
                a.kill();
                recovery.put("a server killed (SIGKILL)", untilEveryonePosts(posters, System.nanoTime()));
                // The test's own connection went stale with the restart: tried again as the chat does.
                RedisChanges.once(() -> admin.xadd("chat:feed", StreamEntryID.NEW_ENTRY, Map.of("x", "y")));
                recovery.put("a bad feed entry", untilEveryonePosts(posters, System.nanoTime()));
                Thread.sleep(500);
            } finally {
                stop.set(true);
                for (Future<?> f : running) {
                    f.get(); // a poster's assertion fails here
                }
                threads.shutdown();
            }
            // What Redis holds, once each: every acknowledged message, and no ref posted twice.
            Map<String, String> stored = new java.util.HashMap<>();
            int repeatedRefs = 0;
            for (var entry : RedisChanges.once(() -> admin.xrange("chat:room:" + room, "-", "+"))) {
                if (stored.put(entry.getFields().get("ref"), StreamId.parse(entry.getID().toString()).wire()) != null) {
                    repeatedRefs++;
                }
            }
            int acknowledged = 0;
            int lost = 0;
            int receivedTwice = 0;
            for (Poster poster : posters) {
                acknowledged += poster.acknowledged.size();
                for (var ack : poster.acknowledged.entrySet()) {
                    if (!ack.getValue().equals(stored.get(ack.getKey()))) {
                        lost++;
                    }
                }
                receivedTwice += poster.receivedTwice;
            }
            System.out.printf("cluster faults: %d messages acknowledged, %d lost, %d refs stored twice, %d received"
                    + " twice; until every client posts again: %s%n", acknowledged, lost, repeatedRefs, receivedTwice,
                    recovery.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " ms").toList());
            assertEquals(0, lost, "acknowledged messages lost");
            assertEquals(0, repeatedRefs, "messages posted twice");
            assertEquals(0, receivedTwice, "messages received twice by one client");
            assertTrue(acknowledged >= 40, "acknowledged: " + acknowledged);
        }
    }

    /** Waits until every poster has had a post acknowledged after {@code since}; the milliseconds that took. */
    private static long untilEveryonePosts(List<Poster> posters, long since) throws InterruptedException {
        long deadline = since + Duration.ofSeconds(60).toNanos();
        while (true) {
            long latest = 0;
            boolean all = true;
            for (Poster poster : posters) {
                long acked = poster.lastAcknowledged;
                all &= acked > since;
                latest = Math.max(latest, acked);
            }
            if (all) {
                return (latest - since) / 1_000_000;
            }
            assertTrue(System.nanoTime() < deadline, "a client could not post for 60 s");
            Thread.sleep(20);
        }
    }

    /**
     * A client that posts with refs as the protocol asks: a refused or unanswered post is sent
     * again with the same ref until acknowledged, and a dropped connection is made again, to the
     * other server if its own is gone, resuming the room with {@code since}.
     */
    private static final class Poster implements java.util.concurrent.Callable<Void> {
        final String name;
        final Node home;
        final Node other;
        final String room;
        final AtomicBoolean stop;
        final Map<String, String> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Set<String> received = new java.util.HashSet<>();
        volatile long lastAcknowledged;
        volatile int receivedTwice;
        private WsClient client;
        private String token;
        private String lastId;
        private boolean homeDown;

        Poster(String name, Node home, Node other, String room, AtomicBoolean stop) {
            this.name = unique(name);
            this.home = home;
            this.other = other;
            this.room = room;
            this.stop = stop;
        }

        /** Connects (to the other server once its own has failed) and joins, until it is in. */
        void connect() throws Exception {
            while (true) {
                Node node = homeDown ? other : home;
                try {
                    client = WsClient.connect(java.net.URI.create(node.uri(name) + (token == null ? "" : "&token=" + token)));
                    JsonObject welcome = client.next("welcome");
                    token = welcome.getString("token");
                    while (true) {
                        client.send(lastId == null ? Frames.join(room) : Frames.join(room, lastId));
                        JsonObject answer = answer();
                        if (answer.getString("type").equals("joined")) {
                            answer.getJsonArray("history").getValuesAs(JsonObject.class).forEach(this::receive);
                            return;
                        }
                        assertEquals("unavailable", answer.getString("code"), answer::toString);
                        Thread.sleep(100);
                    }
                } catch (Exception | AssertionError failed) {
                    if (stop.get()) {
                        throw failed;
                    }
                    homeDown = true;
                    Thread.sleep(100);
                }
            }
        }

        /** The next joined, error or closing: other frames are recorded as they pass. */
        private JsonObject answer() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                JsonObject frame = client.poll(Duration.ofMillis(100));
                if (frame == null) {
                    if (!client.isOpen()) {
                        throw new java.io.IOException("closed");
                    }
                    continue;
                }
                String type = frame.getString("type");
                if (type.equals("message")) {
                    receive(frame);
                    if (frame.containsKey("ref")) {
                        return frame;
                    }
                } else if (type.equals("joined") || type.equals("error")) {
                    return frame;
                }
            }
            throw new java.io.IOException("no answer in 10 s");
        }

        /**
         * Records a message; one received before is counted, unless it is the answer to this
         * client's retry (it carries the ref): a sender that retries gets the message it posted
         * first back again, as the protocol says. The resume point is the newest id received
         * (ids sort as text), not the last: a retry's answer may be older than what came before it.
         */
        private void receive(JsonObject message) {
            String id = message.getString("id");
            if (!received.add(id) && !message.containsKey("ref")) {
                receivedTwice++;
                System.out.println("received twice by " + name + ": " + message);
            }
            if (lastId == null || id.compareTo(lastId) > 0) {
                lastId = id;
            }
        }

        @Override
        public Void call() throws Exception {
            for (int k = 0; !stop.get(); k++) {
                String ref = name + "-" + k;
                while (!stop.get()) {
                    try {
                        client.send(Frames.message(room, ref, ref));
                        JsonObject answer = answer();
                        if (answer.getString("type").equals("message") && ref.equals(answer.getString("ref"))) {
                            acknowledged.put(ref, answer.getString("id"));
                            lastAcknowledged = System.nanoTime();
                            break;
                        }
                        if (answer.getString("type").equals("error")) {
                            assertEquals("unavailable", answer.getString("code"), answer::toString);
                            Thread.sleep(100);
                        }
                    } catch (java.io.IOException | IllegalStateException dropped) {
                        client.close();
                        connect();
                    }
                }
                Thread.sleep(100);
            }
            client.close();
            return null;
        }
    }
}
