package org.jakartachat.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.hub.ChatHub;
import org.jakartachat.hub.Closing;
import org.jakartachat.hub.Connection;
import org.jakartachat.hub.Transport;
import org.jakartachat.protocol.EncodedFrame;
import org.jakartachat.protocol.FrameCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Engine.IO session and the Socket.IO socket on a real hub, driven packet by packet the way
 * the servlet and the WebSocket endpoint drive them, with polls and WebSockets of the test's own.
 */
class EngineSessionTest {
    private static final String RS = String.valueOf(EngineCodec.SEPARATOR);
    private ChatHub hub;
    private EngineSessions sessions;

    private EngineSessions start(Map<String, String> settings) {
        ChatConfig config = ChatConfig.load(settings::get, name -> null);
        hub = new ChatHub(config, new FrameCodec());
        hub.start();
        sessions = new EngineSessions(hub);
        return sessions;
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.shutdown();
            sessions.shutdown();
        }
    }

    /** A GET: the bodies it is answered with (one, as a real GET is answered once). */
    static final class TestPoll implements EngineSession.Poll {
        final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();

        @Override
        public void answer(String body) {
            bodies.add(body);
        }

        String await() throws InterruptedException {
            String body = bodies.poll(5, TimeUnit.SECONDS);
            assertNotNull(body, "the GET was not answered");
            return body;
        }
    }

    /** A WebSocket: the frames sent on it, each completed at once; and whether it was closed. */
    static class TestPipe implements EngineSession.Pipe {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        volatile int closedWith;

        @Override
        public void send(String text, Consumer<Throwable> done) {
            frames.add(text);
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        @Override
        public boolean writesOnCaller() {
            return false;
        }

        String await() throws InterruptedException {
            String frame = frames.poll(5, TimeUnit.SECONDS);
            assertNotNull(frame, "nothing was sent on the WebSocket");
            return frame;
        }
    }

    /** Polls until the packets received hold one starting with {@code prefix}; returns every packet seen. */
    private static List<String> pollUntil(EngineSession session, String prefix) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            TestPoll poll = new TestPoll();
            EngineSession.PollResult result = session.poll(poll);
            assertTrue(result == EngineSession.PollResult.ANSWERED || result == EngineSession.PollResult.PARKED, result::name);
            String body = poll.bodies.poll(1, TimeUnit.SECONDS);
            if (body == null) {
                session.forget(poll);
                continue;
            }
            for (String packet : body.split(RS)) {
                seen.add(packet);
                if (packet.startsWith(prefix)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no packet starting with " + prefix + " in " + seen);
    }

    private EngineSession connectedPolling(String name) throws InterruptedException {
        EngineSessions.Opened opened = sessions.open(null, "192.0.2.1", null);
        EngineSession session = opened.session();
        session.receive("40{\"name\":\"" + name + "\"}");
        List<String> first = pollUntil(session, "42[\"welcome\"");
        assertTrue(first.get(0).startsWith("40{\"sid\":\""), "the CONNECT answer comes before the welcome: " + first);
        return session;
    }

    @Test
    void theHandshakeOpensAPollingSessionAndTheConnectMakesAHubConnection() throws Exception {
        start(Map.of("chat.heartbeat.millis", "25000"));
        EngineSessions.Opened opened = sessions.open(null, "192.0.2.1", null);
        String open = opened.openPacket();
        assertTrue(open.startsWith("0{\"sid\":\"" + opened.session().sid() + "\""), open);
        assertTrue(open.contains("\"upgrades\":[\"websocket\"]"), open);
        assertTrue(open.contains("\"pingInterval\":25000,\"pingTimeout\":20000"), open);
        assertTrue(sessions.pollTimeoutMillis() > 25_000 + 20_000,
                "a waiting GET outlives the heartbeat (not the container's 30 s): " + sessions.pollTimeoutMillis());
        assertEquals(0, hub.health().online(), "no hub connection before the Socket.IO CONNECT");

        opened.session().receive("40{\"name\":\"zoe\"}");
        List<String> packets = pollUntil(opened.session(), "42[\"welcome\"");
        assertTrue(packets.get(packets.size() - 1).contains("\"name\":\"zoe\""), packets::toString);
        assertEquals(1, hub.health().online());
    }

    @Test
    void anAnswerComesThroughTheAckItWasAskedForAndOtherFramesAsEvents() throws Exception {
        start(Map.of());
        EngineSession session = connectedPolling("amy");
        session.receive("427[\"join\",{\"room\":\"den\"}]");
        String joined = pollUntil(session, "437[").get(0);
        assertTrue(joined.startsWith("437[{\"type\":\"joined\",\"room\":\"den\""), joined);
        assertFalse(joined.contains("\"ref\""), "the ref made up for the ack is not shown: " + joined);

        session.receive("42[\"message\",{\"room\":\"den\",\"text\":\"no ack\"}]");
        assertTrue(pollUntil(session, "42[\"message\"").get(0).contains("\"text\":\"no ack\""));

        session.receive("428[\"message\",{\"room\":\"den\",\"text\":\"with ack\",\"ref\":\"mine\"}]");
        String own = pollUntil(session, "438[").get(0);
        assertTrue(own.contains("\"text\":\"with ack\"") && own.endsWith("\"ref\":\"mine\"}]"),
                "a ref of the client's own stays: " + own);

        session.receive("429[\"leave\",{\"room\":\"den\"}]");
        assertEquals("439[]", pollUntil(session, "439").get(0), "a leave is acknowledged with no argument");

        session.receive("4210[\"dance\"]");
        String refused = pollUntil(session, "4310[").get(0);
        assertTrue(refused.contains("\"code\":\"unknown_type\""), refused);

        session.receive("451-11[\"message\",{\"room\":\"den\",\"text\":{\"_placeholder\":true,\"num\":0}}]");
        session.binary();
        String binary = pollUntil(session, "4311[").get(0);
        assertTrue(binary.contains("\"code\":\"bad_request\""), binary);

        session.receive("40/admin,");
        assertEquals("44/admin,{\"message\":\"Invalid namespace\"}", pollUntil(session, "44").get(0));
    }

    @Test
    void aSecondGetInFlightIsRefused() throws Exception {
        start(Map.of());
        EngineSession session = connectedPolling("bo");
        TestPoll first = new TestPoll();
        assertEquals(EngineSession.PollResult.PARKED, session.poll(first));
        assertEquals(EngineSession.PollResult.SECOND_GET, session.poll(new TestPoll()));
    }

    @Test
    void theQueueHoldsTheHubsCompletionPastItsBoundUntilAPollDrainsIt() throws Exception {
        EngineSession session = new EngineSession("s", null, 2, 1_000);
        List<String> done = new CopyOnWriteArrayList<>();
        session.offer("4a", failure -> done.add("a"));
        session.offer("4b", failure -> done.add("b"));
        session.offer("4c", failure -> done.add("c"));
        assertEquals(List.of("a", "b"), done, "the third waits: the hub's outbox fills behind it");
        TestPoll poll = new TestPoll();
        assertEquals(EngineSession.PollResult.ANSWERED, session.poll(poll));
        assertEquals("4a" + RS + "4b" + RS + "4c", poll.await());
        assertEquals(List.of("a", "b", "c"), done);
    }

    @Test
    void aPollingClientThatStopsPollingIsClosedAsTooSlowAndLeavesOnce() throws Exception {
        start(Map.of("chat.outbox.frames", "4", "chat.message.burst", "50"));
        EngineSession quiet = connectedPolling("quiet");
        quiet.receive("42[\"join\",{\"room\":\"den\"}]");
        pollUntil(quiet, "42[\"joined\"");
        Recorder talker = new Recorder();
        Connection loud = hub.connect(talker, "loud", null, null);
        talker.connection = loud;
        hub.receive(loud, hub.codec().decode("{\"type\":\"join\",\"room\":\"den\"}"));
        for (int i = 0; i < 12; i++) {
            hub.receive(loud, hub.codec().decode("{\"type\":\"message\",\"room\":\"den\",\"text\":\"m" + i + "\"}"));
        }
        talker.await(frame -> frame.contains("\"event\":\"leave\"") && frame.contains("\"quiet\""));
        assertEquals(1, talker.count(frame -> frame.contains("\"event\":\"leave\"")));
        assertEquals(EngineSession.Mode.CLOSED, quiet.mode());
    }

    @Test
    void aPollingClientThatVanishesIsRemovedByTheHeartbeat() throws Exception {
        start(Map.of("chat.heartbeat.millis", "200"));
        EngineSession gone = connectedPolling("gone");
        gone.receive("42[\"join\",{\"room\":\"den\"}]");
        pollUntil(gone, "42[\"joined\"");
        Recorder witness = new Recorder();
        Connection stays = hub.connect(witness, "stays", null, null);
        witness.connection = stays;
        hub.receive(stays, hub.codec().decode("{\"type\":\"join\",\"room\":\"den\"}"));
        // The witness answers its pings; the vanished client polls no more and answers none.
        witness.await(frame -> frame.contains("\"event\":\"leave\"") && frame.contains("\"gone\""));
        assertEquals(1, witness.count(frame -> frame.contains("\"event\":\"leave\"")));
        assertEquals(EngineSession.Mode.CLOSED, gone.mode());
    }

    @Test
    void aPongAnswersTheHeartbeat() throws Exception {
        start(Map.of("chat.heartbeat.millis", "200"));
        EngineSession alive = connectedPolling("alive");
        long end = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
        int pongs = 0;
        while (System.nanoTime() < end) {
            List<String> seen = pollUntil(alive, "2");
            assertEquals("2", seen.get(seen.size() - 1));
            alive.receive("3");
            pongs++;
        }
        assertTrue(pongs >= 3, "pings every interval: " + pongs);
        assertEquals(EngineSession.Mode.POLLING, alive.mode());
        assertEquals(1, hub.health().online());
    }

    @Test
    void theUpgradeProbesSendsTheParkedGetANoopAndThenWritesOnTheWebSocket() throws Exception {
        start(Map.of());
        EngineSession session = connectedPolling("up");
        TestPoll parked = new TestPoll();
        assertEquals(EngineSession.PollResult.PARKED, session.poll(parked));
        TestPipe pipe = new TestPipe();
        assertTrue(session.probe(pipe));
        assertTrue(session.probed(pipe));
        assertEquals("3probe", pipe.await());
        assertEquals("6", parked.await(), "the pending GET gets a NOOP");
        assertTrue(session.upgraded(pipe));
        assertEquals(EngineSession.PollResult.UPGRADED, session.poll(new TestPoll()), "polls after the upgrade get 400");
        session.receive("42[\"ping\",{\"ref\":\"r1\"}]");
        assertEquals("42[\"pong\",{\"ref\":\"r1\"}]", pipe.await());
    }

    @Test
    void aGetThatComesAfterTheProbeWasAnsweredGetsANoopAtOnce() throws Exception {
        start(Map.of());
        EngineSession session = connectedPolling("pause");
        TestPipe pipe = new TestPipe();
        assertTrue(session.probe(pipe));
        assertTrue(session.probed(pipe));
        assertEquals("3probe", pipe.await());
        TestPoll late = new TestPoll();
        assertEquals(EngineSession.PollResult.ANSWERED, session.poll(late), "not held until the next ping");
        assertEquals("6", late.await());
        assertTrue(session.upgraded(pipe));
    }

    @Test
    void aClientThatMakesTheServerAnswerWhatItNeverReadsHasItsSessionEnded() throws Exception {
        start(Map.of("chat.outbox.frames", "8"));
        EngineSession session = connectedPolling("deaf");
        for (int i = 0; i < 200 && session.mode() != EngineSession.Mode.CLOSED; i++) {
            session.receive("40/other-namespace-" + i + ",");
        }
        assertEquals(EngineSession.Mode.CLOSED, session.mode(), "its queue of answers is bounded");
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (hub.health().online() != 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(0, hub.health().online());
    }

    @Test
    void aWebSocketThatClosedOrBrokeIsNotClosedAgainFromItsOwnCallback() throws Exception {
        start(Map.of());
        TestPipe pipe = new TestPipe();
        EngineSession session = sessions.open(pipe, "192.0.2.1", null).session();
        session.receive("40");
        pipe.await();
        // Tomcat's error callback closing its own socket waited there for the write in flight.
        session.pipeClosed(pipe, "WebSocket error: broken pipe");
        assertEquals(0, pipe.closedWith);
        assertEquals(EngineSession.Mode.CLOSED, session.mode());
    }

    @Test
    void aWebSocketWhoseLastWriteNeverCompletesIsStillClosedAfterTheGrace() {
        List<Consumer<Throwable>> held = new CopyOnWriteArrayList<>();
        TestPipe stuck = new TestPipe() {
            @Override
            public void send(String text, Consumer<Throwable> done) {
                frames.add(text);
                held.add(done); // a client that stopped reading: the write never completes
            }
        };
        EngineSession session = new EngineSession("s", stuck, 8, 1_000);
        session.push("42[\"x\",{}]");
        session.close(1013, "too slow to keep up");
        assertEquals(0, stuck.closedWith, "the close waits for the write in flight");
        session.closeStuck();
        assertEquals(1013, stuck.closedWith, "but not for ever");
        assertEquals(1, held.size());
    }

    @Test
    void aSecondProbeIsNotAnsweredAgain() throws Exception {
        start(Map.of());
        EngineSession session = connectedPolling("twice");
        TestPipe pipe = new TestPipe();
        assertTrue(session.probe(pipe));
        assertTrue(session.probed(pipe));
        assertFalse(session.probed(pipe), "one 3probe: a second write could overtake the first");
        assertEquals("3probe", pipe.await());
        assertNull(pipe.frames.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aMadeUpRefIsNotShownEvenWhenItsAckWasForgotten() {
        PendingAcks acks = new PendingAcks("sock");
        String first = acks.madeRef(0);
        acks.expect(first, 0);
        for (int i = 1; i <= PendingAcks.MAX; i++) {
            acks.expect(acks.madeRef(i), i);
        }
        PendingAcks.Answer late = acks.match("{\"type\":\"pong\",\"ref\":\"" + first + "\"}");
        assertNull(late.ack(), "its entry was dropped: an event");
        assertEquals("{\"type\":\"pong\"}", late.frame());
        PendingAcks.Answer kept = acks.match("{\"type\":\"pong\",\"ref\":\"" + acks.madeRef(5) + "\"}");
        assertEquals(5L, kept.ack());
    }

    @Test
    void aWebSocketSessionEndsWhenItsSocketCloses() throws Exception {
        start(Map.of());
        TestPipe pipe = new TestPipe();
        EngineSession session = sessions.open(pipe, "192.0.2.1", null).session();
        assertTrue(pipe.await().startsWith("0{\"sid\":"), "the open packet comes first");
        session.receive("40");
        assertTrue(pipe.await().startsWith("40{\"sid\":"));
        assertTrue(pipe.await().startsWith("42[\"welcome\""));
        assertEquals(1, hub.health().online());
        session.pipeClosed(pipe, "closed 1000");
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (hub.health().online() != 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(0, hub.health().online());
        assertNull(sessions.get(session.sid()));
    }

    @Test
    void theServerClosingForPolicyDisconnectsTheSocketFirst() throws Exception {
        start(Map.of("chat.frame.burst", "2", "chat.flood.strikes", "2"));
        TestPipe pipe = new TestPipe();
        EngineSession session = sessions.open(pipe, "192.0.2.1", null).session();
        session.receive("40");
        for (int i = 0; i < 20; i++) {
            session.receive("42[\"ping\"]");
        }
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> seen = new ArrayList<>();
        while (pipe.closedWith == 0 && System.nanoTime() < end) {
            String frame = pipe.frames.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null) {
                seen.add(frame);
            }
        }
        pipe.frames.drainTo(seen);
        assertEquals(1008, pipe.closedWith, seen::toString);
        assertEquals("41", seen.get(seen.size() - 1), "a Socket.IO disconnect before the close: " + seen);
        assertTrue(seen.stream().anyMatch(f -> f.contains("\"code\":\"rate_limited\"")), seen::toString);
    }

    /** A native connection's frames. */
    final class Recorder implements Transport {
        final List<String> frames = new CopyOnWriteArrayList<>();
        /** Set once connected: the recorder answers the heartbeat's pings, as a live client does. */
        volatile Connection connection;

        @Override
        public void send(EncodedFrame frame, Consumer<Throwable> done) {
            frames.add(frame.json());
            done.accept(null);
        }

        @Override
        public void ping(Consumer<Throwable> done) {
            done.accept(null);
            if (connection != null) {
                hub.control(connection);
            }
        }

        @Override
        public void close(Closing closing) {
        }

        @Override
        public String describe() {
            return "recorder";
        }

        long count(java.util.function.Predicate<String> which) {
            return frames.stream().filter(which).count();
        }

        void await(java.util.function.Predicate<String> which) throws InterruptedException {
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < end) {
                if (count(which) > 0) {
                    Thread.sleep(300); // and nothing like it after
                    return;
                }
                Thread.sleep(10);
            }
            throw new AssertionError("not seen in " + frames);
        }
    }
}
