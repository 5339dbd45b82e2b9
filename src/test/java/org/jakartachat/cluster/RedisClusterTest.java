package org.jakartachat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jakartachat.testing.ClusterNodes.Node;
import org.jakartachat.testing.ClusterNodes;
import org.jakartachat.testing.Frames;
import org.jakartachat.testing.Polling;
import org.jakartachat.testing.RedisServer;
import org.jakartachat.testing.Unique;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/**
 * Cluster mode against a real Redis: two chat servers, each in a JVM of its own, sharing rooms
 * through a redis-server this test starts (and, in one test, stops and starts again).
 */
class RedisClusterTest {
    /** Rate limits raised so the concurrent senders are not refused; otherwise the shipped defaults. */
    private static final Map<String, String> SETTINGS = Map.of(
            "chat.message.rate", "1000", "chat.message.burst", "1000",
            "chat.frame.rate", "2000", "chat.frame.burst", "2000", "chat.history.size", "100");

    private static RedisServer redis;
    private static ClusterNodes cluster;
    private static Node a;
    private static Node b;

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisServer.startOrSkip();
        cluster = new ClusterNodes(redis.url(), SETTINGS);
        a = cluster.start();
        b = cluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static String room() {
        return Unique.unique("cluster");
    }

    private static WsClient member(Node node, String name, String room) throws Exception {
        return member(node, name, null, room);
    }

    /** A member speaking for the sender that {@code token} (from a welcome) stands for; null: a new one. */
    private static WsClient member(Node node, String name, String token, String room) throws Exception {
        WsClient client = WsClient.connect(token == null ? node.uri(name)
                : java.net.URI.create(node.uri(name) + "&token=" + token));
        client.next("welcome");
        client.send(Frames.join(room));
        client.nextOfType("joined");
        return client;
    }

    /** The token in a new connection's welcome (which this reads). */
    private static String tokenOf(WsClient client) throws InterruptedException {
        return client.next("welcome").getString("token");
    }

    /** The next n chat messages this client receives, skipping presence and the like. */
    private static List<JsonObject> messages(WsClient client, int n) throws InterruptedException {
        List<JsonObject> got = new ArrayList<>();
        while (got.size() < n) {
            got.add(client.nextOfType("message"));
        }
        return got;
    }

    private static List<String> ids(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getString("id")).toList();
    }

    /** A connection of the person {@code token} stands for (null: a new one), its welcome read and its name checked. */
    private static WsClient person(Node node, String name, String token) throws Exception {
        WsClient client = WsClient.connect(token == null ? node.uri(name)
                : java.net.URI.create(node.uri(name) + "&token=" + token));
        assertEquals(name, client.next("welcome").getString("name"));
        return client;
    }

    /** The next n direct messages this client receives. */
    private static List<JsonObject> directs(WsClient client, int n) throws InterruptedException {
        List<JsonObject> got = new ArrayList<>();
        while (got.size() < n) {
            got.add(client.nextOfType("direct"));
        }
        return got;
    }

    @Test
    void directMessagesCrossServersToEveryConnectionOnceInOneOrderAndResume() throws Exception {
        String alice = Unique.unique("alice");
        String bob = Unique.unique("bob");
        WsClient aliceOnA = WsClient.connect(a.uri(alice));
        String aliceToken = tokenOf(aliceOnA);
        WsClient aliceOnB = person(b, alice, aliceToken);
        WsClient bobOnB = WsClient.connect(b.uri(bob));
        String bobToken = tokenOf(bobOnB);
        WsClient bobOnA = person(a, bob, bobToken);
        List<WsClient> everyone = List.of(aliceOnA, aliceOnB, bobOnA, bobOnB);

        int each = 20;
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            Future<?> fromAlice = senders.submit(() -> {
                for (int i = 0; i < each; i++) {
                    aliceOnA.send(Frames.direct(bob, "a" + i, "ra" + i));
                }
                return null;
            });
            Future<?> fromBob = senders.submit(() -> {
                for (int i = 0; i < each; i++) {
                    bobOnB.send(Frames.direct(alice, "b" + i, "rb" + i));
                }
                return null;
            });
            fromAlice.get();
            fromBob.get();
        } finally {
            senders.shutdownNow();
        }
        List<String> order = null;
        List<JsonObject> seen = null;
        for (WsClient client : everyone) {
            seen = directs(client, 2 * each);
            List<String> ids = ids(seen);
            if (order == null) {
                order = ids;
            }
            assertEquals(order, ids, "every connection of both people: the same messages, ids and order");
        }
        assertEquals(order.stream().sorted().toList(), order);
        List<String> texts = seen.stream().map(m -> m.getString("text")).toList();
        List<String> aliceWrote = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            aliceWrote.add("a" + i);
        }
        assertEquals(aliceWrote, texts.stream().filter(t -> t.startsWith("a")).toList());

        // A retry from alice's connection on the other server: the original, to that connection only.
        aliceOnB.send(Frames.direct(bob, "a0", "ra0"));
        JsonObject again = aliceOnB.next("direct");
        assertEquals(order.get(texts.indexOf("a0")), again.getString("id"));
        assertEquals("ra0", again.getString("ref"));
        bobOnA.assertSilentFor(Duration.ofMillis(500));
        bobOnB.assertSilentFor(Duration.ofMillis(100));

        // Bob's connection on B drops; what alice sends meanwhile he resumes on B, exactly once.
        bobOnB.close();
        for (int i = 0; i < 3; i++) {
            aliceOnA.send(Frames.direct(bob, "later" + i));
        }
        assertEquals(3, directs(bobOnA, 3).size());
        WsClient bobBack = person(b, bob, bobToken);
        bobBack.send(Frames.directs(order.get(order.size() - 1)));
        JsonObject missed = bobBack.next("directs");
        assertEquals(List.of("later0", "later1", "later2"), missed.getJsonArray("messages")
                .getValuesAs(JsonObject.class).stream().map(m -> m.getString("text")).toList(), missed::toString);
        assertTrue(missed.getBoolean("complete"));
    }

    @Test
    void membersOnBothServersGetEveryMessageInOneOrderWithTheSameIds() throws Exception {
        String room = room();
        List<WsClient> members = List.of(member(a, "ann", room), member(a, "al", room),
                member(b, "bob", room), member(b, "bea", room));
        int each = 25;
        ExecutorService senders = Executors.newFixedThreadPool(members.size());
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int s = 0; s < members.size(); s++) {
                WsClient sender = members.get(s);
                int from = s;
                sent.add(senders.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        sender.send(Frames.message(room, "m" + from + "-" + i, "r" + from + "-" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            senders.shutdown();
        }
        List<List<JsonObject>> seen = new ArrayList<>();
        for (WsClient member : members) {
            seen.add(messages(member, each * members.size()));
        }
        List<String> order = ids(seen.get(0));
        assertEquals(each * members.size(), new HashSet<>(order).size(), "no message twice");
        for (int i = 1; i < seen.size(); i++) {
            assertEquals(order, ids(seen.get(i)), "member " + i + " saw another order than member 0");
        }
        for (int i = 1; i < order.size(); i++) {
            assertTrue(StreamId.parse(order.get(i - 1)).compareTo(StreamId.parse(order.get(i))) < 0,
                    "ids grow in delivery order: " + order.get(i - 1) + " then " + order.get(i));
        }
        // Each sender's own messages carry its refs, on whichever server it is.
        for (int s = 0; s < members.size(); s++) {
            String prefix = "m" + s + "-";
            List<JsonObject> own = seen.get(s).stream().filter(m -> m.getString("text").startsWith(prefix)).toList();
            assertEquals(each, own.size());
            for (JsonObject m : own) {
                assertEquals("r" + m.getString("text").substring(1), m.getString("ref"));
            }
            List<String> texts = own.stream().map(m -> m.getString("text")).toList();
            List<String> sentOrder = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                sentOrder.add(prefix + i);
            }
            assertEquals(sentOrder, texts, "one sender's messages keep the order it sent them in");
        }
        for (WsClient member : members) {
            member.close();
        }
    }

    @Test
    void aClientMovingToTheOtherServerResumesWithSinceWithoutGapOrDuplicate() throws Exception {
        String room = room();
        try (WsClient talker = member(b, "talker", room)) {
            List<String> seenByMover = new ArrayList<>();
            try (WsClient mover = member(a, "mover", room)) {
                for (int i = 0; i < 5; i++) {
                    talker.send(Frames.message(room, "before " + i));
                }
                seenByMover.addAll(ids(messages(mover, 5)));
            }
            // While the mover is away, the room goes on.
            for (int i = 0; i < 5; i++) {
                talker.send(Frames.message(room, "while away " + i));
            }
            List<String> all = ids(messages(talker, 10));
            try (WsClient mover = WsClient.connect(b.uri("mover"))) {
                mover.next("welcome");
                mover.send(Frames.join(room, seenByMover.get(seenByMover.size() - 1)));
                JsonObject joined = mover.nextOfType("joined");
                assertTrue(joined.getBoolean("complete"));
                List<String> resumed = joined.getJsonArray("history").getValuesAs(JsonObject.class).stream()
                        .map(m -> m.getString("id")).toList();
                assertEquals(all.subList(5, 10), resumed, "exactly the messages posted while away");
                talker.send(Frames.message(room, "after"));
                JsonObject live = mover.nextOfType("message");
                assertEquals("after", live.getString("text"));
                assertFalse(resumed.contains(live.getString("id")));
            }
        }
    }

    @Test
    void aRetryWithTheSameRefOnTheOtherServerIsNotPostedTwice() throws Exception {
        String room = room();
        try (WsClient first = WsClient.connect(a.uri("first")); WsClient witness = member(b, "witness", room)) {
            String token = tokenOf(first);
            first.send(Frames.join(room));
            first.nextOfType("joined");
            first.send(Frames.message(room, "once", "same-ref"));
            JsonObject original = first.nextOfType("message");
            assertEquals("same-ref", original.getString("ref"));
            assertEquals(original.getString("id"), witness.nextOfType("message").getString("id"));
            // Someone else's message with the same ref is theirs, and posted.
            try (WsClient stranger = member(b, "stranger", room)) {
                stranger.send(Frames.message(room, "not a retry", "same-ref"));
                JsonObject strangers = stranger.nextOfType("message");
                assertEquals("not a retry", strangers.getString("text"));
                assertEquals(strangers.getString("id"), witness.nextOfType("message").getString("id"));
            }
            try (WsClient retry = member(b, "first", token, room)) {
                retry.send(Frames.message(room, "once", "same-ref"));
                JsonObject again = retry.nextOfType("message");
                assertEquals(original.getString("id"), again.getString("id"), "the original comes back");
                assertEquals("same-ref", again.getString("ref"));
            }
            Thread.sleep(500);
            assertTrue(witness.drain().stream().noneMatch(f -> f.contains("\"type\":\"message\"")),
                    "the witness does not hear the retry");
        }
    }

    @Test
    void onePersonOnBothServersIsOneMemberWithOneNameUntilItsLastConnectionLeaves() throws Exception {
        String room = room();
        try (WsClient watcher = member(a, "watcher", room); WsClient onA = WsClient.connect(a.uri("dana"))) {
            String token = tokenOf(onA);
            onA.send(Frames.join(room));
            onA.nextOfType("joined");
            JsonObject join = watcher.nextOfType("presence");
            assertEquals("join", join.getString("event"));
            assertEquals(2, join.getInt("count"));
            try (WsClient onB = WsClient.connect(java.net.URI.create(b.uri("someone-else") + "&token=" + token))) {
                assertEquals("dana", onB.next("welcome").getString("name"), "the person's name, on the other server too");
                onB.send(Frames.join(room));
                JsonObject joined = onB.nextOfType("joined");
                assertEquals(List.of("dana", "watcher"), joined.getJsonArray("members").getValuesAs(
                        jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).sorted().toList());
                // Someone else asking for the name on either server gets a suffix.
                try (WsClient other = WsClient.connect(b.uri("dana"))) {
                    assertEquals("dana-2", other.next("welcome").getString("name"));
                }
                onA.close();
                watcher.assertSilentFor(Duration.ofSeconds(1)); // dana is still in the room on the other server
            }
            JsonObject leave = watcher.nextOfType("presence");
            assertEquals("leave", leave.getString("event"));
            assertEquals("dana", leave.getString("name"));
            assertEquals(1, leave.getInt("count"));
        }
        // Both connections gone: the name is free on both servers.
        try (WsClient again = WsClient.connect(b.uri("dana"))) {
            assertEquals("dana", again.next("welcome").getString("name"));
        }
    }

    @Test
    void presenceTypingNamesAndCountsSpanTheServersAndAKilledServersMembersLeave() throws Exception {
        String room = room();
        try (WsClient pat = WsClient.connect(a.uri("pat"))) {
            // The second connects once the first has its name: which of two at once gets it is a race.
            assertEquals("pat", pat.next("welcome").getString("name"));
            try (WsClient other = WsClient.connect(b.uri("pat"))) {
                presenceTypingNamesAndCountsSpanTheServers(room, pat, other);
            }
        }
    }

    private static void presenceTypingNamesAndCountsSpanTheServers(String room, WsClient pat, WsClient other)
            throws Exception {
        JsonObject welcome = other.next("welcome");
        assertEquals("pat-2", welcome.getString("name"), "names are unique across the servers");
        assertTrue(welcome.getInt("online") >= 2, welcome.toString());
        pat.send(Frames.join(room));
        pat.nextOfType("joined");
        other.send(Frames.join(room));
        JsonObject joined = other.nextOfType("joined");
        assertEquals(Set.of("pat", "pat-2"), Set.copyOf(names(joined)), "members of both servers");
        JsonObject arrived = pat.nextOfType("presence");
        assertEquals(List.of("join", "pat-2", 2), List.of(arrived.getString("event"), arrived.getString("name"),
                arrived.getInt("count")));
        pat.send(Frames.typing(room, true));
        JsonObject typing = other.nextOfType("typing");
        assertEquals(List.of("pat", true), List.of(typing.getString("name"), typing.getBoolean("active")),
                "typing notices cross servers too");
        // A disconnect is recorded for the others without waiting: they agree once both records
        // are in (CI, stop 21, read one before the other's record landed).
        awaitTheSameOnline();
        String healthA = a.health();
        String healthB = b.health();
        assertEquals(online(healthA), online(healthB), healthA + " / " + healthB);

        Node c = cluster.start();
        WsClient carol = WsClient.connect(c.uri("carol"));
        carol.next("welcome");
        carol.send(Frames.join(room));
        assertEquals(Set.of("pat", "pat-2", "carol"), Set.copyOf(names(carol.nextOfType("joined"))));
        assertEquals("carol", pat.nextOfType("presence").getString("name"));
        assertEquals("carol", other.nextOfType("presence").getString("name"));

        long killed = System.nanoTime();
        c.kill();
        for (WsClient survivor : List.of(pat, other)) {
            JsonObject left = survivor.nextOfType("presence");
            assertEquals(List.of("leave", "carol", 2), List.of(left.getString("event"), left.getString("name"),
                    left.getInt("count")));
        }
        long seconds = Duration.ofNanos(System.nanoTime() - killed).toSeconds();
        assertTrue(seconds <= ClusterPresence.SERVER_TTL_MILLIS / 1000 + 4, "removed after " + seconds + " s");
        System.out.println("Cluster: a killed server's member was announced as leave after " + seconds + " s");
        try (WsClient again = WsClient.connect(a.uri("carol"))) {
            assertEquals("carol", again.next("welcome").getString("name"), "a dead server's names are free again");
        }
        carol.close();
    }

    /**
     * A server's count as the others see it follows connects as well as disconnects, and stays
     * right between them. It once did not: a connect wrote its count directly while the beat
     * kept writing the count of the last disconnect, so after a disconnect then connects the
     * other servers saw the older count again every beat, and a welcome could count one fewer.
     */
    @Test
    void everyServerCountsTheSameOnlineAfterConnectsThatFollowADisconnect() throws Exception {
        // A close a test before this one made may still be on its way to a server: the baseline
        // is taken once both agree, and again a second later.
        awaitTheSameOnline();
        Thread.sleep(1000);
        awaitTheSameOnline();
        int before = online(b.health());
        try (WsClient early = WsClient.connect(a.uri("early"))) {
            early.next("welcome");
        }
        Polling.waitFor(() -> onlineOn(a) == before && onlineOn(b) == before, Duration.ofSeconds(5),
                "the early connection's leaving counted on both servers");
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WsClient client = WsClient.connect(a.uri("counted"));
                client.next("welcome");
                clients.add(client);
            }
            // Past a beat of each server, which writes its count again. a's health is not asked
            // before b's welcome: asking it once wrote a's count and hid the bug.
            Thread.sleep(ClusterPresence.BEAT_MILLIS + 1000);
            try (WsClient there = WsClient.connect(b.uri("there"))) {
                assertEquals(before + 4, there.next("welcome").getInt("online"),
                        "a welcome on b, after a's beat, counts a's three new connections");
                int onB = online(b.health());
                assertEquals(onB, online(a.health()), "both servers count the same online");
            }
        } finally {
            for (WsClient client : clients) {
                client.close();
            }
        }
    }

    private static void awaitTheSameOnline() throws Exception {
        Polling.waitFor(() -> onlineOn(a) == onlineOn(b), Duration.ofSeconds(5), "both servers count the same online");
    }

    /** A server's online count from its health, for a wait's condition. */
    private static int onlineOn(Node node) {
        try {
            return online(node.health());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(JsonObject joined) {
        return joined.getJsonArray("members").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
    }

    private static int online(String health) {
        return jakarta.json.Json.createReader(new java.io.StringReader(health)).readObject().getInt("online");
    }

    @Test
    void aRedisOutageRefusesWithUnavailableThenEverythingResumesInOrderAndNothingAcknowledgedIsLost()
            throws Exception {
        String room = room();
        try (WsClient sender = member(a, "sender", room); WsClient watcherA = member(a, "watcherA", room);
             WsClient watcherB = member(b, "watcherB", room)) {
            Map<String, String> acknowledged = new LinkedHashMap<>(); // ref -> id
            int n = 0;
            for (; n < 5; n++) {
                sender.send(Frames.message(room, "m" + n, "ref" + n));
                JsonObject own = sender.nextOfType("message");
                acknowledged.put(own.getString("ref"), own.getString("id"));
            }
            redis.stop();
            // While Redis is away: refused with unavailable, never acknowledged; health says degraded.
            sender.send(Frames.message(room, "m" + n, "ref" + n));
            JsonObject refused = sender.nextOfType("error");
            assertEquals("unavailable", refused.getString("code"));
            assertEquals("ref" + n, refused.getString("ref"));
            assertTrue(a.health().contains("\"degraded\""), a.health());
            redis.start();
            // The client retries the same ref until it is acknowledged; Redis's append-only file kept the rest.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (acknowledged.size() < 10 && System.nanoTime() < deadline) {
                sender.send(Frames.message(room, "m" + n, "ref" + n));
                JsonObject answer = sender.next();
                if (answer.getString("type").equals("message")) {
                    acknowledged.put(answer.getString("ref"), answer.getString("id"));
                    n++;
                } else {
                    assertEquals("unavailable", answer.getString("code"), answer.toString());
                    Thread.sleep(200);
                }
            }
            assertEquals(10, acknowledged.size(), "posting works again after Redis is back");
            assertTrue(a.health().contains("\"ok\""), a.health());
            List<String> expected = new ArrayList<>(acknowledged.values());
            assertEquals(expected, ids(messages(watcherA, 10)), "watcher on the sender's server");
            assertEquals(expected, ids(messages(watcherB, 10)), "watcher on the other server");
            try (WsClient late = WsClient.connect(b.uri("late"))) {
                late.next("welcome");
                late.send(Frames.join(room));
                List<String> history = late.nextOfType("joined").getJsonArray("history")
                        .getValuesAs(JsonObject.class).stream().map(m -> m.getString("id")).toList();
                assertEquals(expected, history, "every acknowledged message is in the history, once, in order");
            }
        }
    }

    private static long unreadable(String health) {
        return jakarta.json.Json.createReader(new java.io.StringReader(health)).readObject()
                .getJsonNumber("unreadableFeedEntries").longValue();
    }

    // issue 12, point 1: one malformed feed entry stopped every server for good
    @Test
    void unreadableFeedEntriesAreSkippedAndCountedAndEveryGoodOneIsStillDeliveredInOrderEverywhere() throws Exception {
        String room = room();
        List<Map<String, String>> bad = List.of(
                Map.of("x", "y"), // what the review's redis-cli XADD chat:feed '*' x y wrote: no room
                Map.of("room", room), // a message with nothing but its room
                Map.of("room", room, "id", "not-an-id", "from", "m", "text", "t", "ts", "t"),
                Map.of("room", "no room name!", "id", "1-1", "from", "m", "text", "t", "ts", "t"),
                Map.of("room", room, "id", "1-1", "text", "t", "ts", "t"), // no sender
                Map.of("kind", "presence", "room", room, "event", "join", "name", "n", "count", "many"),
                Map.of("kind", "presence", "room", room, "event", "join", "name", "n", "count", "-1"),
                Map.of("kind", "presence", "room", room, "event", "dance", "name", "n", "count", "1"),
                Map.of("kind", "presence", "room", room, "event", "leave", "count", "1"), // no name
                Map.of("kind", "typing", "room", room, "name", "n", "active", "maybe"),
                Map.of("kind", "typing", "room", room, "active", "true"),
                Map.of("kind", "riddle", "room", room));
        long before = unreadable(a.health()) + unreadable(b.health());
        try (WsClient sender = member(a, "sender", room); WsClient watcherA = member(a, "watcherA", room);
             WsClient watcherB = member(b, "watcherB", room);
             RedisClient feed = RedisClient.builder()
                     .hostAndPort("127.0.0.1", java.net.URI.create(redis.url()).getPort()).build()) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i <= bad.size(); i++) {
                sender.send(Frames.message(room, "good " + i, "ref" + i));
                sent.add(sender.nextOfType("message").getString("id"));
                if (i < bad.size()) {
                    feed.xadd("chat:feed", XAddParams.xAddParams(), bad.get(i));
                }
            }
            assertEquals(sent, ids(messages(watcherA, sent.size())), "every good one, in order, on the sender's server");
            assertEquals(sent, ids(messages(watcherB, sent.size())), "and on the other server");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (unreadable(a.health()) + unreadable(b.health()) - before < 2L * bad.size()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50); // polling what each server's reader has counted
            }
            assertEquals(2L * bad.size(), unreadable(a.health()) + unreadable(b.health()) - before,
                    "each bad entry counted once on each server: " + a.health() + " / " + b.health());
        }
    }

    // issue 12, point 2: Redis's ids did not sort as text (…-10 before …-9), as the protocol promises
    @Test
    void idsSortAsTextWithMoreThanTenMessagesInOneMillisecond() throws Exception {
        String room = room();
        try (WsClient watcherA = member(a, "watcherA", room); WsClient watcherB = member(b, "watcherB", room);
             RedisClient store = RedisClient.builder()
                     .hostAndPort("127.0.0.1", java.net.URI.create(redis.url()).getPort()).build()) {
            // Twelve messages in one millisecond, written as a post writes them (the room's stream,
            // then the feed), with ids Redis would give them: one Redis cannot be made to do that on
            // demand through the chat, so the ids are given.
            long millis = System.currentTimeMillis() + 60_000;
            for (int sequence = 0; sequence < 12; sequence++) {
                String id = millis + "-" + sequence; // Redis's own form, as a post stores it in the feed
                Map<String, String> message = Map.of("from", "burst", "text", "b" + sequence,
                        "ts", "2026-12-02T06:00:00.000Z", "ref", "", "origin", "");
                store.xadd("chat:room:" + room, new StreamEntryID(millis, sequence), message);
                Map<String, String> entry = new java.util.HashMap<>(message);
                entry.put("room", room);
                entry.put("id", id);
                store.xadd("chat:feed", new StreamEntryID(millis, sequence), entry);
            }
            for (WsClient watcher : List.of(watcherA, watcherB)) {
                List<JsonObject> got = messages(watcher, 12);
                assertEquals(java.util.stream.IntStream.range(0, 12).mapToObj(i -> "b" + i).toList(),
                        got.stream().map(m -> m.getString("text")).toList(), "in the order of the stream");
                List<String> ids = ids(got);
                assertEquals(ids.stream().sorted().toList(), ids, "ids sort as text in that order: " + ids);
            }
            try (WsClient late = WsClient.connect(b.uri("late"))) {
                late.next("welcome");
                late.send(Frames.join(room));
                List<String> history = late.nextOfType("joined").getJsonArray("history")
                        .getValuesAs(JsonObject.class).stream().map(m -> m.getString("id")).toList();
                assertEquals(history.stream().sorted().toList(), history);
                late.send(Frames.join(room, history.get(9))); // resume from the tenth, in the form clients get
                List<String> resumed = late.nextOfType("joined").getJsonArray("history")
                        .getValuesAs(JsonObject.class).stream().map(m -> m.getString("id")).toList();
                assertEquals(history.subList(10, 12), resumed);
            }
        }
    }
}
