package org.jakartachat.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jakartachat.testing.Deployed;
import org.jakartachat.testing.FieldCorpus;
import org.jakartachat.testing.RawHandshake;
import org.jakartachat.testing.TestLimits;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The abuse and fault suite against the WAR on a real server. In every case a few witness
 * clients chat in the same room throughout, and must get every message, once, in one order,
 * each within {@link #LATENCY_BOUND}. The suite prints its figures at the end.
 */
class AbuseIT {
    /** The most any witness message may take from send to receipt while a case runs. */
    static final Duration LATENCY_BOUND = Duration.ofSeconds(3);
    private static final Duration WITNESS_PACE = Duration.ofMillis(250); // 4 a second each, under the limit
    private static final long SEED = Long.getLong("chat.abuse.seed", 20261126L);
    private static final int GENERATED = Integer.getInteger("chat.abuse.frames", 3000);
    private static final Set<String> BROADCASTS = Set.of("message", "presence", "typing");

    private static final AtomicInteger FRAMES = new AtomicInteger();
    private static final AtomicInteger CASES = new AtomicInteger();
    private static final AtomicInteger FAULTS = new AtomicInteger();
    private static final AtomicInteger FIELD_FRAMES = new AtomicInteger();
    private static final AtomicInteger FIELDS = new AtomicInteger();
    private static final AtomicInteger WITNESS_MESSAGES = new AtomicInteger();
    private static final AtomicInteger LOST = new AtomicInteger();
    private static volatile long worstLatency;
    private static volatile String silentRemoval = "not measured";

    private static String unique(String base) {
        return base + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
    }

    private static Witnesses witnesses(String room) throws Exception {
        return new Witnesses(Deployed::ws, room, 3, WITNESS_PACE);
    }

    private static void check(Witnesses witnesses) throws InterruptedException {
        Witnesses.Figures figures = witnesses.stop(LATENCY_BOUND);
        WITNESS_MESSAGES.addAndGet(figures.sent());
        LOST.addAndGet(figures.lost());
        worstLatency = Math.max(worstLatency, figures.maxLatencyMillis());
        CASES.incrementAndGet();
        assertEquals(List.of(), figures.problems());
    }

    @AfterAll
    static void report() {
        System.out.printf("%nAbuse suite on %s: %d frames tried, %d cases, %d faults survived, "
                        + "%d witness messages, messages lost = %d, worst witness latency %d ms, "
                        + "silent client removed after %s; field corpus: %d frames over %d fields "
                        + "(type.field, each with every kind of JSON value), each its documented answer%n%n",
                System.getProperty("chat.it.server", "the server"), FRAMES.get(), CASES.get(), FAULTS.get(),
                WITNESS_MESSAGES.get(), LOST.get(), worstLatency, silentRemoval, FIELD_FRAMES.get(), FIELDS.get());
    }

    /** A member of the room that reads everything, cheaply, on a thread of its own. */
    private static RawWebSocket readingTalker(String room) throws IOException {
        RawWebSocket talker = RawWebSocket.open(Deployed.ws(unique("talker")));
        talker.keepReading();
        talker.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}");
        return talker;
    }

    /** A message frame of the longest text allowed, in 4-byte characters: 8 KB. */
    private static String bigMessage(String room) {
        return "{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\""
                + "😀".repeat(TestLimits.DEFAULTS.maxTextLength()) + "\"}";
    }

    /** Reads the answer to one frame: the next frame that is not someone else's broadcast. */
    private static JsonObject answer(WsClient client) throws InterruptedException {
        while (true) {
            JsonObject frame = client.next();
            if (!BROADCASTS.contains(frame.getString("type"))) {
                return frame;
            }
        }
    }

    // 1
    @Test
    void malformedFramesEachGetTheirDocumentedErrorAndNothingElseSuffers() throws Exception {
        String room = unique("abuse");
        long logBefore = ServerLog.size();
        try (Witnesses witnesses = witnesses(room)) {
            MalformedFrames corpus = new MalformedFrames(SEED, room);
            List<MalformedFrames.Case> cases = new ArrayList<>(corpus.handWritten());
            cases.addAll(corpus.generated(GENERATED));
            int perConnection = 8; // well within the per-connection rates, so every answer is the documented one
            for (int start = 0; start < cases.size(); start += perConnection) {
                try (WsClient attacker = WsClient.connect(Deployed.ws(unique("attacker")))) {
                    attacker.next("welcome");
                    attacker.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
                    attacker.nextOfType("joined");
                    for (MalformedFrames.Case c : cases.subList(start, Math.min(cases.size(), start + perConnection))) {
                        if (c.binary() != null) {
                            attacker.sendBinary(c.binary());
                        } else {
                            attacker.send(c.text());
                        }
                        FRAMES.incrementAndGet();
                        JsonObject reply = answer(attacker);
                        String got = reply.getString("type").equals("error") ? reply.getString("code")
                                : reply.getString("type");
                        assertEquals(c.expect(), got, () -> c.kind() + ": " + abbreviate(c.text()) + " -> " + reply);
                        if (reply.containsKey("message")) {
                            String message = reply.getString("message");
                            assertFalse(message.contains("Exception") || message.contains("\tat "),
                                    () -> "a stack trace reached the client: " + message);
                        }
                    }
                    assertTrue(attacker.isOpen(), "bad frames do not close the connection");
                }
            }
            FAULTS.addAndGet(cases.size());
            check(witnesses);
        }
        ServerLog.assertNoStackTraceSince(logBefore);
    }

    // 1, every field: each field of each frame type with every kind of JSON value
    @Test
    void everyFieldWithEveryKindOfValueGetsItsDocumentedAnswerAndNothingElseSuffers() throws Exception {
        String room = unique("fields");
        long logBefore = ServerLog.size();
        try (Witnesses witnesses = witnesses(room)) {
            FieldCorpus corpus = new FieldCorpus(room, unique("elsewhere"), TestLimits.DEFAULTS.maxTextLength());
            List<FieldCorpus.Case> cases = corpus.cases();
            List<String> problems = corpus.sendAll(Deployed::ws, 8);
            FRAMES.addAndGet(cases.size());
            FIELD_FRAMES.addAndGet(cases.size());
            FIELDS.addAndGet((int) cases.stream().map(c -> c.type() + "." + c.field()).distinct().count());
            assertEquals(List.of(), problems);
            FAULTS.addAndGet((int) cases.stream().filter(c -> !List.of("joined", "renamed", "pong", "message")
                    .contains(c.expect())).count()); // the refused ones
            check(witnesses);
        }
        ServerLog.assertNoStackTraceSince(logBefore);
    }

    private static String abbreviate(String text) {
        return text == null ? "(binary)" : text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }

    @Test
    void framesOverTheSizeLimitCloseWith1009AndNothingElseSuffers() throws Exception {
        String room = unique("huge");
        try (Witnesses witnesses = witnesses(room)) {
            String mega = "z".repeat(1024 * 1024);
            List<String> huge = List.of(
                    "{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"" + mega + "\"}",
                    "{\"type\":\"ping\",\"padding\":\"" + mega + "\"}",
                    "[" + "1,".repeat(400_000) + "1]",
                    "\"" + mega + "\"");
            for (String frame : huge) {
                try (WsClient attacker = WsClient.connect(Deployed.ws(unique("huge")))) {
                    attacker.next("welcome");
                    attacker.sendExpectingClose(frame);
                    FRAMES.incrementAndGet();
                    assertEquals(1009, attacker.awaitClose().getCloseCode().getCode());
                    FAULTS.incrementAndGet();
                }
            }
            check(witnesses);
        }
    }

    // 2
    @Test
    void aFlooderIsLimitedThenClosedWhileWitnessesKeepTheirPace() throws Exception {
        String room = unique("flood");
        try (Witnesses witnesses = witnesses(room);
             WsClient flooder = WsClient.connect(Deployed.ws(unique("flooder")))) {
            flooder.next("welcome");
            flooder.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            flooder.nextOfType("joined");
            int sent = flooder.floodUntilClosed(TestLimits.DEFAULTS.messageBurst() + TestLimits.DEFAULTS.floodStrikes(),
                    TestLimits.DEFAULTS.floodStrikes() + 1,
                    n -> "{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"flood " + n + "\"}");
            FRAMES.addAndGet(sent);
            assertEquals(1008, flooder.awaitClose().getCloseCode().getCode());
            FAULTS.incrementAndGet();
            check(witnesses);
        }
    }

    // 3
    @Test
    void aClientThatStopsReadingIsClosedAndTheRoomGoesOn() throws Exception {
        String room = unique("slow");
        String slowName = unique("slow");
        try (Witnesses witnesses = witnesses(room);
             RawWebSocket slow = RawWebSocket.openSmallWindow(Deployed.ws(slowName))) {
            assertEquals(101, slow.status);
            slow.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            // Talkers fill the room with large messages; the slow client reads none of them. The
            // talkers read everything, cheaply, on threads of their own, so that they keep up.
            List<RawWebSocket> talkers = new ArrayList<>();
            String big = bigMessage(room);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try {
                for (int i = 0; i < 20; i++) {
                    talkers.add(readingTalker(room));
                }
                int round = 0;
                while (!witnesses.presenceSeenBy(0).contains("leave " + slowName) && System.nanoTime() < deadline) {
                    for (RawWebSocket talker : talkers) {
                        talker.sendText(big);
                        FRAMES.incrementAndGet();
                    }
                    round++;
                    Thread.sleep(220); // each talker stays under 5 messages a second: pacing, not waiting for a result
                }
                assertTrue(witnesses.presenceSeenBy(0).contains("leave " + slowName),
                        "the slow client was removed after " + round + " rounds");
            } finally {
                for (RawWebSocket talker : talkers) {
                    talker.close();
                }
            }
            FAULTS.incrementAndGet();
            check(witnesses);
        }
    }

    // 3, continued: the close handshake is where a container blocks a thread of its own
    @Test
    void clientsThatStopReadingAndThenCloseDoNotStallTheRoom() throws Exception {
        String room = unique("stuck");
        // As many as the run command's Tomcat has request threads: a container may answer a
        // close frame on one of them, waiting for the write it has in flight to the client.
        // Before the chat bounded that wait, 8 of them stalled Tomcat (then with 4 threads) for
        // 10.9 s.
        int closers = 8;
        List<String> names = new ArrayList<>();
        List<RawWebSocket> clients = new ArrayList<>();
        try (Witnesses witnesses = witnesses(room)) {
            try {
                for (int i = 0; i < closers; i++) {
                    String name = unique("closer");
                    RawWebSocket closer = RawWebSocket.openSmallWindow(Deployed.ws(name));
                    clients.add(closer);
                    assertEquals(101, closer.status);
                    closer.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}");
                    names.add(name);
                }
                // Fill each closer's socket: the kernel takes the server's send buffer (256 KB
                // on the run command's Tomcat, which Linux doubles) and the closer's window (4 KB),
                // then the server's write waits. 120 messages of 8 KB pass that, well short of the
                // outbox limit, so the server is mid-write to every closer when it is asked to
                // close. The talkers read everything, cheaply, on threads of their own.
                List<RawWebSocket> talkers = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    RawWebSocket talker = readingTalker(room);
                    clients.add(talker);
                    talkers.add(talker);
                }
                String big = bigMessage(room);
                for (int i = 0; i < TestLimits.DEFAULTS.messageBurst(); i++) {
                    for (RawWebSocket talker : talkers) {
                        talker.sendText(big);
                        FRAMES.incrementAndGet();
                    }
                }
                Thread.sleep(500); // the server's writes reach the closers' full sockets
                for (RawWebSocket closer : clients.subList(0, closers)) {
                    closer.sendFrame(0x8, new byte[] {0x03, (byte) 0xE8}); // close, 1000
                    FRAMES.incrementAndGet();
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!witnesses.presenceSeenBy(0).containsAll(names.stream().map(n -> "leave " + n).toList())
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50); // polling what the witnesses' threads record
                }
                for (String name : names) {
                    assertEquals(1, witnesses.presenceSeenBy(0).stream().filter(("leave " + name)::equals).count(),
                            () -> name + "'s leave, announced once: " + witnesses.presenceSeenBy(0));
                }
                FAULTS.addAndGet(closers);
            } finally {
                for (RawWebSocket client : clients) {
                    client.close();
                }
            }
            check(witnesses);
        }
    }

    // 4
    @Test
    void aVanishedClientIsRemovedByTheHeartbeatAndItsLeaveAnnouncedOnce() throws Exception {
        long heartbeat = Long.getLong("chat.it.heartbeatMillis", 25_000);
        String room = unique("dead");
        String silentName = unique("silent");
        String killedName = unique("killed");
        try (Witnesses witnesses = witnesses(room)) {
            RawWebSocket silent = RawWebSocket.open(Deployed.ws(silentName));
            RawWebSocket killed = RawWebSocket.open(Deployed.ws(killedName));
            for (RawWebSocket raw : List.of(silent, killed)) {
                raw.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}");
                assertTrue(raw.readText().contains("welcome"));
                assertTrue(raw.readText().contains("joined"));
            }
            Polling.waitFor(() -> witnesses.presenceSeenBy(0).contains("join " + killedName), Duration.ofSeconds(10),
                    "the killed client's join");

            long start = System.nanoTime();
            killed.kill(); // a reset: the server learns at once
            // silent: never reads again, never answers a ping, never closes (a machine that went away)
            Polling.waitFor(() -> witnesses.presenceSeenBy(0).contains("leave " + killedName), Duration.ofSeconds(10),
                    "the killed client's leave");
            Duration bound = Duration.ofMillis(2 * heartbeat + 3_000);
            Polling.waitFor(() -> witnesses.presenceSeenBy(0).contains("leave " + silentName), bound,
                    "the silent client's leave");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            silentRemoval = tookMillis + " ms (heartbeat " + heartbeat + " ms)";
            FAULTS.addAndGet(2);
            check(witnesses);
            for (int w = 0; w < 3; w++) {
                List<String> seen = witnesses.presenceSeenBy(w);
                assertEquals(1, seen.stream().filter(("leave " + silentName)::equals).count(), seen::toString);
                assertEquals(1, seen.stream().filter(("leave " + killedName)::equals).count(), seen::toString);
            }
            silent.close();
        }
    }

    // 6
    @Test
    void foreignOriginsAreRefusedBeforeTheUpgrade() throws Exception {
        URI base = Deployed.base();
        String own = "http://" + base.getHost() + ":" + base.getPort();
        for (String origin : List.of("http://evil.example", "null", "https://" + base.getHost() + ":" + base.getPort(),
                own + ".evil.example", "http://" + base.getHost())) {
            try (RawWebSocket raw = RawWebSocket.open(Deployed.ws("o"), java.util.Map.of("Origin", origin))) {
                assertEquals(403, raw.status, origin);
                FAULTS.incrementAndGet();
            }
        }
        try (RawWebSocket raw = RawWebSocket.open(Deployed.ws("o"), java.util.Map.of("Origin", own))) {
            assertEquals(101, raw.status);
        }
        CASES.incrementAndGet();
    }

    // issue 11, point 9: in a room large enough for presence diffs, nobody looks in unseen
    @Test
    void aLurkerWhoJoinsAndLeavesABigRoomBetweenTwoDiffsIsStillSeen() throws Exception {
        String room = unique("big");
        List<RawWebSocket> crowd = new ArrayList<>();
        try (WsClient observer = WsClient.connect(Deployed.ws(unique("observer")))) {
            observer.next("welcome");
            observer.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            observer.nextOfType("joined");
            // Past CHAT_PRESENCE_BATCH_ABOVE (100): the room announces presence in diffs.
            for (int i = 0; i < 101; i++) {
                crowd.add(readingTalker(room));
            }
            String lurkerName = unique("lurker");
            try (WsClient lurker = WsClient.connect(Deployed.ws(lurkerName))) {
                lurker.next("welcome");
                lurker.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
                JsonObject joined = lurker.nextOfType("joined");
                assertTrue(joined.getJsonArray("members").size() > 100, "a room large enough for diffs");
                lurker.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}"); // at once: well within an interval
                FRAMES.addAndGet(2);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                JsonObject frame = observer.poll(Duration.ofSeconds(1));
                seen = frame != null && (frame.getString("type").equals("presence_diff")
                        && frame.getJsonArray("leaves").getValuesAs(jakarta.json.JsonString.class).stream()
                                .anyMatch(n -> n.getString().equals(lurkerName))
                        || frame.getString("type").equals("presence") && lurkerName.equals(frame.getString("name")));
            }
            assertTrue(seen, "the lurker's visit was told to the room");
            FAULTS.incrementAndGet();
        } finally {
            for (RawWebSocket talker : crowd) {
                talker.close();
            }
        }
        CASES.incrementAndGet();
    }

    // issue 11, point 8: a rename is announced in every room, so renames have their own limit
    @Test
    void renamesHaveTheirOwnLimitSoOneConnectionInManyRoomsCannotFanOut() throws Exception {
        String base = unique("fan");
        int rooms = TestLimits.DEFAULTS.maxRoomsPerConnection();
        int burst = TestLimits.DEFAULTS.renameBurst();
        try (WsClient listener = WsClient.connect(Deployed.ws(unique("listener")));
             WsClient renamer = WsClient.connect(Deployed.ws(unique("renamer")))) {
            listener.next("welcome");
            renamer.next("welcome");
            listener.send("{\"type\":\"join\",\"room\":\"" + base + "0\"}");
            listener.nextOfType("joined");
            for (int r = 0; r < rooms; r++) {
                renamer.send("{\"type\":\"join\",\"room\":\"" + base + r + "\"}");
                renamer.nextOfType("joined");
            }
            listener.nextOfType("presence"); // the renamer's join
            int tries = burst + 2; // with the joins, well within the frame burst
            int renamed = 0;
            int limited = 0;
            for (int i = 0; i < tries; i++) {
                renamer.send("{\"type\":\"rename\",\"name\":\"" + base + "-n" + i + "\"}");
                FRAMES.incrementAndGet();
                JsonObject answer = answer(renamer);
                if (answer.getString("type").equals("renamed")) {
                    renamed++;
                } else {
                    assertEquals("rate_limited", answer.getString("code"), answer::toString);
                    limited++;
                }
            }
            assertEquals(burst, renamed);
            assertEquals(tries - burst, limited);
            for (int i = 0; i < burst; i++) {
                JsonObject presence = listener.nextOfType("presence");
                assertEquals("rename", presence.getString("event"));
            }
            listener.assertSilentFor(Duration.ofMillis(500));
            assertTrue(renamer.isOpen(), "refused renames are errors, not a close");
            FAULTS.addAndGet(limited);
        }
        CASES.incrementAndGet();
    }

    // issue 11, point 6: a malformed request gets a 400 with no internals
    @Test
    void aMalformedQueryStringGets400WithNothingAboutTheServer() throws Exception {
        for (String query : List.of("name=%", "name=%zz", "name=%2", "name=a%", "token=%G1&name=x")) {
            try (RawHandshake raw = RawHandshake.open(Deployed.ws(null), query, java.util.Map.of())) {
                assertEquals(400, raw.status(), query);
                String body = raw.body();
                assertFalse(body.contains("Exception") || body.contains(".java") || body.contains("jakartachat")
                        || body.matches("(?is).*(tomcat|wildfly|undertow|payara|glassfish).*"),
                        () -> query + " answered with internals: " + body);
                FAULTS.incrementAndGet();
            }
        }
        try (RawHandshake raw = RawHandshake.open(URI.create(Deployed.ws(null) + "?name=%41lice"), java.util.Map.of())) {
            assertEquals(101, raw.status(), "a well-formed escape is fine");
        }
        CASES.incrementAndGet();
    }

    /** The server's log, where the build writes it (Tomcat); other servers skip this check. */
    static final class ServerLog {
        private static final String PATH = System.getProperty("chat.it.serverLog");

        static long size() throws IOException {
            return PATH == null || !Files.exists(Path.of(PATH)) ? 0 : Files.size(Path.of(PATH));
        }

        static void assertNoStackTraceSince(long offset) throws IOException {
            if (PATH == null || !Files.exists(Path.of(PATH))) {
                return;
            }
            byte[] all = Files.readAllBytes(Path.of(PATH));
            String since = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    java.nio.charset.StandardCharsets.UTF_8);
            String trace = since.lines().filter(l -> l.startsWith("\tat ") || l.contains("SEVERE")).findFirst()
                    .orElse(null);
            assertNull(trace, "the server logged a stack trace or a severe error while handling bad input");
        }
    }
}
