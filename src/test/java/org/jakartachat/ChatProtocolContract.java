package org.jakartachat;

import static org.jakartachat.testing.Frames.block;
import static org.jakartachat.testing.Frames.direct;
import static org.jakartachat.testing.Frames.directs;
import static org.jakartachat.testing.Frames.join;
import static org.jakartachat.testing.Frames.leave;
import static org.jakartachat.testing.Frames.message;
import static org.jakartachat.testing.Frames.ping;
import static org.jakartachat.testing.Frames.rename;
import static org.jakartachat.testing.Frames.typing;
import static org.jakartachat.testing.Frames.unblock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.websocket.CloseReason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jakartachat.testing.FieldCorpus;
import org.jakartachat.testing.RawWebSocket;
import org.jakartachat.testing.TestLimits;
import org.jakartachat.testing.Unique;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The documented protocol (docs/protocol.adoc), checked the way an outside client sees it:
 * JSON text over a real WebSocket. Runs against the in-process server and against every real
 * server the WAR is deployed to. Each test uses its own names and rooms, so they share a
 * server without sharing state.
 */
public abstract class ChatProtocolContract {
    private static final Duration QUIET = Duration.ofMillis(500);

    private final List<WsClient> clients = new ArrayList<>();

    /** The WebSocket URI of the chat with {@code ?name=} when name is not null. */
    protected abstract URI uri(String name);

    /** Whether a sender's own messages come back to it through a backplane (Redis), not from its own hub. */
    protected boolean echoesComeThroughABackplane() {
        return false;
    }

    @AfterEach
    void closeClients() throws Exception {
        for (WsClient client : clients) {
            client.close();
        }
    }

    // ------------------------------------------------------------ helpers

    protected static String unique(String base) {
        return Unique.unique(base);
    }

    protected WsClient connect(String name) throws Exception {
        WsClient client = WsClient.connect(uri(name));
        clients.add(client);
        return client;
    }

    /** Connects as the sender that {@code token} (from an earlier welcome) stands for. */
    protected WsClient connect(String name, String token) throws Exception {
        String base = uri(name).toString();
        WsClient client = WsClient.connect(URI.create(base + (base.contains("?") ? "&" : "?") + "token=" + token));
        clients.add(client);
        return client;
    }

    /** Connects and reads the welcome, checking the name is the one asked for. */
    protected WsClient online(String name) throws Exception {
        WsClient client = connect(name);
        assertEquals(name, client.next("welcome").getString("name"));
        return client;
    }

    protected static JsonObject joinRoom(WsClient client, String room) throws Exception {
        client.send(join(room));
        return client.next("joined");
    }

    private static List<String> strings(JsonObject frame, String field) {
        return frame.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static void assertError(WsClient client, String code) throws Exception {
        JsonObject error = client.next("error");
        assertEquals(code, error.getString("code"), error::toString);
        assertFalse(error.getString("message").isBlank());
        assertStillOpen(client);
    }

    /** The connection still answers after an error. */
    private static void assertStillOpen(WsClient client) throws Exception {
        String ref = unique("alive");
        client.send(ping(ref));
        assertEquals(ref, client.next("pong").getString("ref"));
    }

    // ------------------------------------------------------------ handshake

    @Test
    void compressionOfferedByABrowserIsDeclined() throws Exception {
        // What Chromium sends on every WebSocket handshake.
        try (RawWebSocket raw = RawWebSocket.open(uri(unique("zip")),
                java.util.Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"))) {
            assertEquals(101, raw.status());
            assertNull(raw.header("Sec-WebSocket-Extensions"), "no extension is accepted");
        }
    }

    // ------------------------------------------------------------ welcome and names

    @Test
    void welcomeIsTheFirstFrameWithNameOnlineCountAndGreeting() throws Exception {
        String name = unique("alice");
        JsonObject welcome = connect(name).next("welcome");
        assertEquals(name, welcome.getString("name"));
        assertTrue(welcome.getInt("online") >= 1);
        assertFalse(welcome.getString("from").isBlank());
        assertTrue(welcome.getString("text").contains(name));
    }

    @Test
    void aNameAlreadyOnlineGetsASuffixComparedWithoutCase() throws Exception {
        String name = unique("Dup");
        online(name);
        JsonObject second = connect(name.toLowerCase()).next("welcome");
        assertEquals(name.toLowerCase() + "-2", second.getString("name"));
        JsonObject third = connect(name.toUpperCase()).next("welcome");
        assertEquals(name.toUpperCase() + "-3", third.getString("name"));
    }

    @Test
    void aSuffixedNameStaysWithinThirtyTwoCharacters() throws Exception {
        String base = unique("n");
        String name = (base + "x".repeat(32)).substring(0, 32);
        online(name);
        String second = connect(name).next("welcome").getString("name");
        assertEquals(32, second.length());
        assertTrue(second.endsWith("-2"), second);
        assertTrue(second.startsWith(name.substring(0, 30)), second);
    }

    @Test
    void aMissingOrInvalidNameGetsAGuestName() throws Exception {
        for (String bad : new String[] {null, "", "   ", "<b>bold</b>", "x".repeat(33), "a\u202Eb", "tab\tname"}) {
            String name = connect(bad).next("welcome").getString("name");
            assertTrue(name.startsWith("guest-"), () -> bad + " became " + name);
        }
    }

    @Test
    void aNameIsTrimmedAndMayUseUnicodeLettersSpacesAndPunctuation() throws Exception {
        String name = "Zoë " + unique("ß_") + ".x";
        JsonObject welcome = connect("  " + name + "  ").next("welcome");
        assertEquals(name, welcome.getString("name"));
    }

    // ------------------------------------------------------------ rooms and presence

    @Test
    void joinAnswersTheMembersAndAnnouncesTheJoinerToTheOthers() throws Exception {
        String room = unique("room");
        String aliceName = unique("alice");
        String bobName = unique("bob");
        WsClient alice = online(aliceName);
        WsClient bob = online(bobName);

        JsonObject first = joinRoom(alice, room);
        assertEquals(room, first.getString("room"));
        assertEquals(List.of(aliceName), strings(first, "members"));
        assertTrue(first.getJsonArray("history").isEmpty());
        assertTrue(first.getBoolean("complete"));

        JsonObject second = joinRoom(bob, room);
        assertEquals(List.of(aliceName, bobName), strings(second, "members"));

        JsonObject presence = alice.next("presence");
        assertEquals(room, presence.getString("room"));
        assertEquals(bobName, presence.getString("name"));
        assertEquals("join", presence.getString("event"));
        assertEquals(2, presence.getInt("count"));
        assertFalse(presence.containsKey("previous"));
        bob.assertSilentFor(QUIET); // the joiner is not told about itself
    }

    @Test
    void joiningARoomAlreadyJoinedAnswersAgainAndAnnouncesNothing() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        WsClient bob = online(unique("bob"));
        joinRoom(alice, room);
        joinRoom(bob, room);
        alice.next("presence");

        JsonObject again = joinRoom(bob, room);
        assertEquals(2, again.getJsonArray("members").size());
        alice.assertSilentFor(QUIET);
    }

    @Test
    void leaveAnnouncesAndStopsDelivery() throws Exception {
        String room = unique("room");
        String bobName = unique("bob");
        WsClient alice = online(unique("alice"));
        WsClient bob = online(bobName);
        joinRoom(alice, room);
        joinRoom(bob, room);
        alice.next("presence");

        bob.send(leave(room));
        JsonObject presence = alice.next("presence");
        assertEquals("leave", presence.getString("event"));
        assertEquals(bobName, presence.getString("name"));
        assertEquals(1, presence.getInt("count"));

        alice.send(message(room, "only for members"));
        alice.next("message");
        bob.assertSilentFor(QUIET);
        bob.send(leave(room));
        assertError(bob, "not_in_room");
    }

    @Test
    void aClosedConnectionLeavesEveryRoomAnnouncedOnce() throws Exception {
        String red = unique("red");
        String blue = unique("blue");
        String carolName = unique("carol");
        WsClient alice = online(unique("alice"));
        WsClient carol = online(carolName);
        joinRoom(alice, red);
        joinRoom(alice, blue);
        joinRoom(carol, red);
        joinRoom(carol, blue);
        alice.next("presence");
        alice.next("presence");

        carol.close();
        Set<String> roomsLeft = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            JsonObject presence = alice.next("presence");
            assertEquals("leave", presence.getString("event"));
            assertEquals(carolName, presence.getString("name"));
            assertTrue(roomsLeft.add(presence.getString("room")), "announced twice: " + presence);
        }
        assertEquals(Set.of(red, blue), roomsLeft);
        alice.assertSilentFor(QUIET);
    }

    @Test
    void onePersonOnTwoConnectionsIsOneMemberJoiningWithTheFirstAndLeavingWithTheLast() throws Exception {
        String room = unique("room");
        String bobName = unique("bob");
        WsClient alice = online(unique("alice"));
        WsClient tab1 = connect(bobName);
        String token = tab1.next("welcome").getString("token");
        joinRoom(alice, room);
        joinRoom(tab1, room);
        JsonObject joined = alice.next("presence");
        assertEquals("join", joined.getString("event"));
        assertEquals(2, joined.getInt("count"));

        // The same person again (a second tab, or the connection after a drop while the server
        // still holds the first): the same name, one member, no announcement.
        WsClient tab2 = connect(bobName, token);
        assertEquals(bobName, tab2.next("welcome").getString("name"));
        JsonObject members = joinRoom(tab2, room);
        assertEquals(2, strings(members, "members").size(), members::toString);
        assertEquals(1, strings(members, "members").stream().filter(bobName::equals).count());
        alice.assertSilentFor(QUIET);

        // Either connection posts as bob; closing one leaves bob in the room.
        tab1.close();
        alice.assertSilentFor(QUIET);
        tab2.send(message(room, "still here"));
        JsonObject said = alice.next("message");
        assertEquals(bobName, said.getString("from"));
        tab2.send(leave(room));
        JsonObject left = alice.next("presence");
        assertEquals("leave", left.getString("event"));
        assertEquals(bobName, left.getString("name"));
        assertEquals(1, left.getInt("count"));
    }

    @Test
    void aPersonOnTwoConnectionsCannotSplitItsNameByRenamingOne() throws Exception {
        String bobName = unique("bob");
        WsClient tab1 = connect(bobName);
        String token = tab1.next("welcome").getString("token");
        WsClient tab2 = connect(bobName, token);
        assertEquals(bobName, tab2.next("welcome").getString("name"));
        tab2.send(rename(unique("robert")));
        assertError(tab2, "forbidden");
        tab1.close();
        // Once it is the person's only connection, it may rename.
        String newName = unique("robert");
        for (int tries = 0; ; tries++) {
            tab2.send(rename(newName));
            JsonObject answer = tab2.next();
            if (answer.getString("type").equals("renamed")) {
                break;
            }
            assertEquals("forbidden", answer.getString("code"), answer::toString); // the close still on its way
            assertTrue(tries < 50, "the closed tab still holds the name");
            Thread.sleep(100); // pacing retries while the server handles the close, not waiting for a frame
        }
    }

    @Test
    void aPersonHasOneNameWhateverItsNextConnectionAsksFor() throws Exception {
        String carol = unique("carol");
        WsClient first = connect(carol);
        String token = first.next("welcome").getString("token");
        assertEquals(carol, connect(unique("dave"), token).next("welcome").getString("name"));
        // Also when the name it holds is a suffixed one: it is still that person's name.
        String bob = unique("bob");
        online(bob);
        WsClient second = connect(bob);
        JsonObject welcome = second.next("welcome");
        assertEquals(bob + "-2", welcome.getString("name"));
        assertEquals(bob + "-2", connect(bob, welcome.getString("token")).next("welcome").getString("name"));
    }

    @Test
    void aNameIsGivenBackToItsPersonAtOnceButNotToAnyoneElse() throws Exception {
        String bobName = unique("bob");
        WsClient first = connect(bobName);
        String token = first.next("welcome").getString("token");
        // Someone else asking for it while bob holds it gets a suffix; bob's token gets it back.
        assertEquals(bobName + "-2", connect(bobName).next("welcome").getString("name"));
        assertEquals(bobName, connect(bobName, token).next("welcome").getString("name"));
    }

    // ------------------------------------------------------------ direct messages

    /** One person on two connections (two tabs): the second connects with the first's token. */
    private WsClient[] person(String name) throws Exception {
        WsClient first = connect(name);
        JsonObject welcome = first.next("welcome");
        assertEquals(name, welcome.getString("name"));
        WsClient second = connect(name, welcome.getString("token"));
        assertEquals(name, second.next("welcome").getString("name"));
        return new WsClient[] {first, second};
    }

    private static List<String> ids(JsonObject directs) {
        return directs.getJsonArray("messages").getValuesAs(JsonObject.class).stream().map(m -> m.getString("id"))
                .toList();
    }

    private static List<String> texts(JsonObject directs) {
        return directs.getJsonArray("messages").getValuesAs(JsonObject.class).stream().map(m -> m.getString("text"))
                .toList();
    }

    @Test
    void aDirectMessageReachesEveryConnectionOfBothPeopleAndNobodyElse() throws Exception {
        String alice = unique("alice");
        String bob = unique("bob");
        WsClient[] a = person(alice);
        WsClient[] b = person(bob);
        WsClient carol = online(unique("carol"));

        a[0].send(direct(bob, "psst", "r1"));
        JsonObject own = a[0].next("direct");
        assertEquals("r1", own.getString("ref"));
        assertEquals(alice, own.getString("from"));
        assertEquals(bob, own.getString("to"));
        assertEquals("psst", own.getString("text"));
        assertFalse(own.getString("id").isBlank());
        Instant.parse(own.getString("ts"));
        for (WsClient other : List.of(a[1], b[0], b[1])) {
            JsonObject copy = other.next("direct");
            assertFalse(copy.containsKey("ref"), copy::toString);
            for (String field : List.of("id", "from", "to", "text", "ts")) {
                assertEquals(own.getString(field), copy.getString(field), field);
            }
        }
        carol.assertSilentFor(QUIET);

        // The other way, from bob's second tab: its own copy without a ref, since it sent none.
        b[1].send(direct(alice, "hi back"));
        JsonObject answer = b[1].next("direct");
        assertTrue(answer.getString("id").compareTo(own.getString("id")) > 0, "ids sort in the order sent");
        for (WsClient other : List.of(a[0], a[1], b[0])) {
            assertEquals(answer.getString("id"), other.next("direct").getString("id"));
        }
        carol.assertSilentFor(QUIET);
    }

    @Test
    void aConversationHasOneOrderWithTheSameIdsOnBothSides() throws Exception {
        String aliceName = unique("alice");
        String bobName = unique("bob");
        WsClient alice = online(aliceName);
        WsClient bob = online(bobName);
        for (int i = 0; i < 4; i++) {
            alice.send(direct(bobName, "a" + i));
            bob.send(direct(aliceName, "b" + i));
        }
        List<String> aliceSaw = new ArrayList<>();
        List<String> bobSaw = new ArrayList<>();
        List<String> textsAliceSaw = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            JsonObject toAlice = alice.next("direct");
            aliceSaw.add(toAlice.getString("id"));
            textsAliceSaw.add(toAlice.getString("text"));
            bobSaw.add(bob.next("direct").getString("id"));
        }
        assertEquals(aliceSaw, bobSaw, "one order, one id each, on both sides");
        assertEquals(aliceSaw.stream().sorted().toList(), aliceSaw, "ids sort in that order");
        assertEquals(8, new HashSet<>(aliceSaw).size());
        assertEquals(List.of("a0", "a1", "a2", "a3"), textsAliceSaw.stream().filter(t -> t.startsWith("a")).toList());
        assertEquals(List.of("b0", "b1", "b2", "b3"), textsAliceSaw.stream().filter(t -> t.startsWith("b")).toList());
    }

    @Test
    void aDirectMessageResentWithTheSameRefIsSentOnce() throws Exception {
        String bobName = unique("bob");
        WsClient alice = online(unique("alice"));
        WsClient bob = online(bobName);
        alice.send(direct(bobName, "only once", "same-ref"));
        JsonObject first = alice.next("direct");
        assertEquals(first.getString("id"), bob.next("direct").getString("id"));
        alice.send(direct(bobName, "only once", "same-ref"));
        JsonObject again = alice.next("direct");
        assertEquals(first.getString("id"), again.getString("id"));
        assertEquals("same-ref", again.getString("ref"));
        bob.assertSilentFor(QUIET);
    }

    @Test
    void directsGivesAConnectionWhatItMissedExactlyOnce() throws Exception {
        String aliceName = unique("alice");
        String bobName = unique("bob");
        WsClient alice = connect(aliceName);
        String aliceToken = alice.next("welcome").getString("token");
        WsClient bobTab = connect(bobName);
        String token = bobTab.next("welcome").getString("token");
        WsClient bobOtherTab = connect(bobName, token);
        bobOtherTab.next("welcome");

        alice.send(direct(bobName, "m1"));
        alice.send(direct(bobName, "m2"));
        bobTab.next("direct");
        String lastSeen = bobTab.next("direct").getString("id");
        bobTab.close(); // dropped; bob stays online on his other tab
        alice.send(direct(bobName, "m3"));
        alice.send(direct(bobName, "m4"));
        // The other tab was online for all four: once it has m4, m4 is sent, before "back" comes.
        for (String text : List.of("m1", "m2", "m3", "m4")) {
            assertEquals(text, bobOtherTab.next("direct").getString("text"));
        }

        WsClient back = connect(bobName, token);
        assertEquals(bobName, back.next("welcome").getString("name"));
        alice.send(direct(bobName, "m5")); // after the new connection came: it gets this one live
        assertEquals("m5", back.next("direct").getString("text"));
        back.send(directs(lastSeen));
        JsonObject missed = back.next("directs");
        assertEquals(List.of("m3", "m4"), texts(missed), "what it missed, not what it got live: " + missed);
        assertTrue(missed.getBoolean("complete"));
        back.assertSilentFor(QUIET);

        // Without since: the latest, up to the history size, also cut where the live ones start.
        back.send(directs(null));
        assertEquals(List.of("m1", "m2", "m3", "m4"), texts(back.next("directs")));
        // Both people's mailboxes hold it, under the same ids; alice's connection got all of it
        // live, so it is her next connection that reads them from her mailbox.
        alice.send(directs(null));
        for (int i = 0; i < 5; i++) {
            alice.next("direct");
        }
        assertEquals(List.of(), ids(alice.next("directs")), "each once: nothing this connection got live");
        WsClient aliceLater = connect(aliceName, aliceToken);
        aliceLater.next("welcome");
        aliceLater.send(directs(null));
        List<String> alicesIds = ids(aliceLater.next("directs"));
        assertEquals(5, alicesIds.size());
        back.send(directs(null));
        assertEquals(alicesIds.subList(0, 4), ids(back.next("directs")));
    }

    @Test
    void directsAfterAnIdNoLongerHeldIsMarkedIncomplete() throws Exception {
        String bobName = unique("bob");
        WsClient bob = online(bobName);
        WsClient sender = connect(unique("alice"));
        String token = sender.next("welcome").getString("token");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < TestLimits.HISTORY + 2; i++) {
            sender.send(direct(bobName, "n" + i));
            sent.add(bob.next("direct").getString("id"));
        }
        WsClient alice = connect(null, token); // a later connection: what it reads is in its mailbox
        alice.next("welcome");
        alice.send(directs(sent.get(0)));
        JsonObject answer = alice.next("directs");
        assertFalse(answer.getBoolean("complete"), answer::toString);
        assertEquals(sent.subList(2, sent.size()), ids(answer));
        alice.send(directs(sent.get(1)));
        assertTrue(alice.next("directs").getBoolean("complete"), "every one after the newest dropped is held");
        alice.send(directs("not-an-id"));
        JsonObject unknown = alice.next("directs");
        assertFalse(unknown.getBoolean("complete"));
        assertEquals(sent.subList(2, sent.size()), ids(unknown));
    }

    @Test
    void aDirectMessageToNobodyOnlineOrToNoNameOrToOneselfIsRefused() throws Exception {
        String aliceName = unique("alice");
        WsClient alice = online(aliceName);
        alice.send(direct(unique("nobody"), "hello?", "r-none"));
        JsonObject error = alice.next("error");
        assertEquals("not_online", error.getString("code"));
        assertEquals("r-none", error.getString("ref"));
        alice.send(direct("no\u0000name", "hello?"));
        assertError(alice, "invalid_name");
        alice.send(direct(aliceName, "me?"));
        assertError(alice, "bad_request");
        String bobName = unique("bob");
        WsClient bob = online(bobName);
        alice.send(direct(bobName, "x".repeat(TestLimits.DEFAULTS.maxTextLength() + 1)));
        assertError(alice, "too_long");
        alice.send(direct(bobName, " "));
        assertError(alice, "bad_request");
        bob.assertSilentFor(QUIET);
        alice.send(directs(null));
        assertEquals(List.of(), ids(alice.next("directs")), "nothing refused was kept");
    }

    @Test
    void aBlockedNameGetsBlockedAndNothingElseUntilUnblocked() throws Exception {
        String aliceName = unique("alice");
        String bobName = unique("bob");
        String carolName = unique("carol");
        WsClient alice = online(aliceName);
        WsClient bob = online(bobName);
        WsClient carol = online(carolName);

        bob.send(block(aliceName.toUpperCase(java.util.Locale.ROOT)));
        assertEquals(List.of(aliceName.toUpperCase(java.util.Locale.ROOT)), strings(bob.next("blocks"), "names"));
        alice.send(direct(bobName, "let me in", "knock"));
        JsonObject refused = alice.next("error");
        assertEquals("blocked", refused.getString("code"));
        assertEquals("knock", refused.getString("ref"));
        bob.assertSilentFor(QUIET);
        carol.send(direct(bobName, "from carol"));
        assertEquals("from carol", bob.next("direct").getString("text"));
        // Bob may still write to alice: a block is of what reaches him.
        bob.send(direct(aliceName, "one way"));
        assertEquals("one way", alice.next("direct").getString("text"));
        bob.next("direct");

        bob.send(unblock(aliceName));
        assertEquals(List.of(), strings(bob.next("blocks"), "names"));
        alice.send(direct(bobName, "again"));
        assertEquals("again", bob.next("direct").getString("text"));
        bob.send(block("not\u0000a name"));
        assertError(bob, "invalid_name");
    }

    @Test
    void aNameTakenAfterItsHolderLeftGetsNoneOfItsConversations() throws Exception {
        String aliceName = unique("alice");
        String bobName = unique("bob");
        WsClient alice = connect(aliceName);
        JsonObject alicesWelcome = alice.next("welcome");
        String alicesToken = alicesWelcome.getString("token");
        String alicesHandleFromWelcome = alicesWelcome.getString("person");
        WsClient bob = connect(bobName);
        String bobsToken = bob.next("welcome").getString("token");
        alice.send(direct(bobName, "secret one"));
        JsonObject secretOne = bob.next("direct");
        assertEquals(alicesHandleFromWelcome, secretOne.getString("sender"), "the sender's handle is its welcome's");
        bob.send(direct(aliceName, "secret two"));
        bob.next("direct");
        alice.nextOfType("direct");
        alice.nextOfType("direct");
        alice.close();

        // Mallory takes the name once it is free (in cluster mode the release reaches Redis a moment later).
        WsClient mallory = null;
        String mallorysToken = null;
        for (int tries = 0; mallory == null; tries++) {
            WsClient candidate = connect(aliceName);
            JsonObject welcome = candidate.next("welcome");
            if (welcome.getString("name").equals(aliceName)) {
                mallory = candidate;
                mallorysToken = welcome.getString("token");
            } else {
                candidate.close();
                assertTrue(tries < 50, "the name was never free again");
                Thread.sleep(100); // pacing retries while the server lets go of the name
            }
        }
        mallory.send(directs(null));
        assertEquals(List.of(), ids(mallory.next("directs")), "nothing of alice's conversations");
        WsClient bobLater = connect(bobName, bobsToken);
        bobLater.next("welcome");
        bobLater.send(directs(null));
        assertEquals(List.of("secret one", "secret two"), texts(bobLater.next("directs")), "bob keeps his");

        // Bob's page knows alice by her handle: writing on in that conversation to the name, now
        // mallory's, is refused rather than delivered to mallory.
        String alicesHandle = secretOne.getString("sender");
        bob.send("{\"type\":\"direct\",\"to\":\"" + aliceName + "\",\"text\":\"for alice only\",\"person\":\""
                + alicesHandle + "\"}");
        assertError(bob, "not_online");
        mallory.assertSilentFor(QUIET);

        // A message to the name alone now goes to the one who holds it now, and to nobody before.
        bob.send(direct(aliceName, "who are you?"));
        JsonObject toMallory = mallory.next("direct");
        assertEquals("who are you?", toMallory.getString("text"));
        assertNotEquals(alicesHandle, toMallory.getString("recipient"), "another person, under the same name");
        bob.next("direct");
        bobLater.next("direct");

        // Alice, back with her token, is alice-2 now, and has her conversation and not mallory's.
        WsClient aliceAgain = connect(aliceName, alicesToken);
        JsonObject welcomeBack = aliceAgain.next("welcome");
        assertEquals(aliceName + "-2", welcomeBack.getString("name"));
        assertEquals(alicesHandle, welcomeBack.getString("person"), "the same person, under another name");
        aliceAgain.send(directs(null));
        assertEquals(List.of("secret one", "secret two"), texts(aliceAgain.next("directs")));
        WsClient malloryLater = connect(aliceName, mallorysToken);
        malloryLater.next("welcome");
        malloryLater.send(directs(null));
        assertEquals(List.of("who are you?"), texts(malloryLater.next("directs")));
    }

    // ------------------------------------------------------------ messages

    @Test
    void aMessageReachesEveryMemberWithIdTimeAndTheRefOnlyOnTheSendersCopy() throws Exception {
        String room = unique("room");
        String aliceName = unique("alice");
        WsClient alice = online(aliceName);
        WsClient bob = online(unique("bob"));
        joinRoom(alice, room);
        joinRoom(bob, room);
        alice.next("presence");

        Instant before = Instant.now().minusSeconds(5);
        alice.send(message(room, "hi <b>all</b> ✓ 😀", "ref-1"));
        JsonObject own = alice.next("message");
        JsonObject seen = bob.next("message");

        assertEquals("ref-1", own.getString("ref"));
        assertFalse(seen.containsKey("ref"));
        for (JsonObject m : List.of(own, seen)) {
            assertEquals(room, m.getString("room"));
            assertEquals(aliceName, m.getString("from"));
            assertEquals("hi <b>all</b> ✓ 😀", m.getString("text"));
            Instant ts = Instant.parse(m.getString("ts"));
            assertTrue(ts.isAfter(before) && ts.isBefore(Instant.now().plusSeconds(5)), m::toString);
            assertTrue(m.getString("ts").endsWith("Z"));
        }
        assertEquals(own.getString("id"), seen.getString("id"));
    }

    @Test
    void theSenderIsStampedByTheServer() throws Exception {
        String room = unique("room");
        String aliceName = unique("alice");
        WsClient alice = online(aliceName);
        WsClient bob = online(unique("bob"));
        joinRoom(alice, room);
        joinRoom(bob, room);
        alice.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"hi\",\"from\":\"mallory\",\"id\":\"x\"}");
        JsonObject seen = bob.next("message");
        assertEquals(aliceName, seen.getString("from"));
        assertNotEquals("x", seen.getString("id"));
    }

    @Test
    void aMessageResentWithTheSameRefIsNotPostedTwice() throws Exception {
        String room = unique("room");
        String aliceName = unique("alice");
        WsClient alice = connect(aliceName);
        String token = alice.next("welcome").getString("token");
        WsClient bob = online(unique("bob"));
        joinRoom(alice, room);
        joinRoom(bob, room);
        alice.next("presence");

        alice.send(message(room, "once", "retry-ref"));
        JsonObject original = alice.next("message");
        bob.next("message");

        alice.send(message(room, "once", "retry-ref"));
        JsonObject echoed = alice.next("message");
        assertEquals(original, echoed);
        bob.assertSilentFor(QUIET);

        // The dedupe holds for the same sender on another connection: the retry after a
        // reconnect, which presents the token its welcome gave it.
        WsClient again = connect(aliceName, token);
        assertEquals(token, again.next("welcome").getString("token"));
        joinRoom(again, room);
        again.send(message(room, "once", "retry-ref"));
        assertEquals(original.getString("id"), again.next("message").getString("id"));
        bob.assertSilentFor(QUIET);
    }

    @Test
    void aRefIsTheSendersOwnAndNeverMatchesSomeoneElses() throws Exception {
        String room = unique("room");
        String aliceName = unique("alice");
        String bobName = unique("bob");
        WsClient alice = online(aliceName);
        WsClient bob = online(bobName);
        joinRoom(alice, room);
        joinRoom(bob, room);
        alice.next("presence");

        // Two clients that number their refs 1, 2, 3…: each message is posted, each echo is its sender's.
        alice.send(message(room, "alice's first", "1"));
        JsonObject alices = alice.next("message");
        assertEquals("1", alices.getString("ref"));
        assertFalse(bob.next("message").containsKey("ref"));

        bob.send(message(room, "bob's first", "1"));
        JsonObject bobs = bob.next("message");
        assertEquals("bob's first", bobs.getString("text"));
        assertEquals(bobName, bobs.getString("from"));
        assertEquals("1", bobs.getString("ref"));
        assertNotEquals(alices.getString("id"), bobs.getString("id"));
        JsonObject seenByAlice = alice.next("message");
        assertEquals(bobs.getString("id"), seenByAlice.getString("id"));
        assertFalse(seenByAlice.containsKey("ref"), "another client's ref is never revealed");

        // A new connection without the token is another sender, whatever name it asks for.
        WsClient stranger = online(unique("alice"));
        joinRoom(stranger, room);
        stranger.send(message(room, "mine, not alice's", "1"));
        JsonObject strangers = stranger.next("message");
        assertEquals("mine, not alice's", strangers.getString("text"));
        assertNotEquals(alices.getString("id"), strangers.getString("id"));
    }

    @Test
    void aTokenThatIsNotOneIsReplacedByANewOne() throws Exception {
        WsClient first = connect(unique("t"));
        String issued = first.next("welcome").getString("token");
        assertTrue(issued.matches("[A-Za-z0-9_-]{22,}"), issued);
        for (String bad : new String[] {"short", "x".repeat(65), "has%20space"}) {
            String token = connect(unique("t"), bad).next("welcome").getString("token");
            assertNotEquals(bad, token);
            assertNotEquals(issued, token);
        }
    }

    @Test
    void idsAreUniqueAndOrderedWithinARoom() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        joinRoom(alice, room);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alice.send(message(room, "m" + i));
            ids.add(alice.next("message").getString("id"));
        }
        assertEquals(5, new HashSet<>(ids).size());
        assertEquals(ids.stream().sorted().toList(), ids);
    }

    // ------------------------------------------------------------ history and resume

    private List<String> post(WsClient client, String room, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            client.send(message(room, "message " + i));
            ids.add(client.next("message").getString("id"));
        }
        return ids;
    }

    private static List<String> historyIds(JsonObject joined) {
        return joined.getJsonArray("history").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("id")).toList();
    }

    @Test
    void joinWithoutSinceGetsTheLatestMessagesUpToTheHistorySize() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        joinRoom(alice, room);
        List<String> ids = post(alice, room, TestLimits.HISTORY + 2);

        JsonObject joined = joinRoom(online(unique("bob")), room);
        assertEquals(ids.subList(2, ids.size()), historyIds(joined));
        assertTrue(joined.getBoolean("complete"));
        JsonObject first = joined.getJsonArray("history").getJsonObject(0);
        assertEquals("message", first.getString("type"));
        assertEquals("message 2", first.getString("text"));
        assertEquals(room, first.getString("room"));
    }

    @Test
    void joinWithSinceGetsEverythingAfterThatId() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        joinRoom(alice, room);
        List<String> ids = post(alice, room, 4);

        WsClient bob = online(unique("bob"));
        bob.send(join(room, ids.get(1)));
        JsonObject joined = bob.next("joined");
        assertEquals(ids.subList(2, 4), historyIds(joined));
        assertTrue(joined.getBoolean("complete"));

        bob.send(join(room, ids.get(3)));
        JsonObject upToDate = bob.next("joined");
        assertEquals(List.of(), historyIds(upToDate));
        assertTrue(upToDate.getBoolean("complete"));
    }

    @Test
    void joinWithAnEvictedOrUnknownIdGetsTheLatestMarkedIncomplete() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        joinRoom(alice, room);
        List<String> ids = post(alice, room, TestLimits.HISTORY + 3);
        List<String> held = ids.subList(3, ids.size());

        WsClient bob = online(unique("bob"));
        bob.send(join(room, ids.get(1))); // evicted: messages 2.. are not all held
        JsonObject evicted = bob.next("joined");
        assertEquals(held, historyIds(evicted));
        assertFalse(evicted.getBoolean("complete"));

        bob.send(join(room, ids.get(2))); // the newest evicted: everything after it is held
        JsonObject justHeld = bob.next("joined");
        assertEquals(held, historyIds(justHeld));
        assertTrue(justHeld.getBoolean("complete"));

        for (String unknown : List.of("nonsense", "", ids.get(0) + "0", "zzzz-000000000001")) {
            bob.send(join(room, unknown));
            JsonObject joined = bob.next("joined");
            assertEquals(held, historyIds(joined), unknown);
            assertFalse(joined.getBoolean("complete"), unknown);
        }
    }

    // ------------------------------------------------------------ typing, rename, ping

    @Test
    void typingGoesToTheOtherMembersOnly() throws Exception {
        String room = unique("room");
        String aliceName = unique("alice");
        WsClient alice = online(aliceName);
        WsClient bob = online(unique("bob"));
        joinRoom(alice, room);
        joinRoom(bob, room);
        alice.next("presence");

        alice.send(typing(room, true));
        JsonObject on = bob.next("typing");
        assertEquals(room, on.getString("room"));
        assertEquals(aliceName, on.getString("name"));
        assertTrue(on.getBoolean("active"));
        alice.send(typing(room, false));
        assertFalse(bob.next("typing").getBoolean("active"));
        alice.assertSilentFor(QUIET);
    }

    @Test
    void renameAnswersTheRenamerAndAnnouncesToEachRoom() throws Exception {
        String room = unique("room");
        String oldName = unique("alice");
        String newName = unique("alicia");
        WsClient alice = online(oldName);
        WsClient bob = online(unique("bob"));
        joinRoom(alice, room);
        joinRoom(bob, room);
        alice.next("presence");

        alice.send(rename(newName));
        JsonObject renamed = alice.next("renamed");
        assertEquals(newName, renamed.getString("name"));
        assertEquals(oldName, renamed.getString("previous"));
        JsonObject presence = bob.next("presence");
        assertEquals("rename", presence.getString("event"));
        assertEquals(newName, presence.getString("name"));
        assertEquals(oldName, presence.getString("previous"));
        assertEquals(2, presence.getInt("count"));

        alice.send(message(room, "new me"));
        assertEquals(newName, bob.next("message").getString("from"));
        // The old name is free again.
        online(oldName);
    }

    @Test
    void renameToATakenOrInvalidNameIsRefused() throws Exception {
        String bobName = unique("Bob");
        WsClient alice = online(unique("alice"));
        online(bobName);
        alice.send(rename(bobName.toLowerCase()));
        assertError(alice, "name_taken");
        alice.send(rename("<script>"));
        assertError(alice, "invalid_name");
        alice.send(rename(" "));
        assertError(alice, "invalid_name");
    }

    @Test
    void pingIsAnsweredWithPongAndItsRef() throws Exception {
        WsClient alice = online(unique("alice"));
        alice.send(ping("r-42"));
        assertEquals("r-42", alice.next("pong").getString("ref"));
        alice.send("{\"type\":\"ping\"}");
        assertFalse(alice.next("pong").containsKey("ref"));
    }

    // ------------------------------------------------------------ errors

    @Test
    void malformedFramesAreBadRequestsAndTheConnectionStaysOpen() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        joinRoom(alice, room);
        String[] bad = {
            "not json", "", "[1,2]", "42", "\"text\"", "null", "{\"room\":\"lobby\"}", "{\"type\":42}",
            "{\"type\":\"join\"}", "{\"type\":\"join\",\"room\":42}", "{\"type\":\"join\",\"room\":[\"a\"]}",
            "{\"type\":\"message\",\"room\":\"" + room + "\"}",
            "{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":42}",
            "{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":true}",
            "{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"   \"}",
            "{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"x\",\"ref\":7}",
            "{\"type\":\"typing\",\"room\":\"" + room + "\",\"active\":\"yes\"}",
            "{\"type\":\"typing\",\"room\":\"" + room + "\"}",
            "{\"type\":\"rename\",\"name\":{}}",
            "{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"\\ud800\"}",
        };
        for (String frame : bad) {
            alice.send(frame);
            JsonObject error = alice.next("error");
            assertEquals("bad_request", error.getString("code"), () -> frame + " -> " + error);
        }
        assertStillOpen(alice);
    }

    @Test
    void everyFieldOfEveryFrameWithEveryKindOfValueGetsItsDocumentedAnswerAndTheConnectionStaysOpen()
            throws Exception {
        FieldCorpus corpus = new FieldCorpus(unique("corpus"), unique("elsewhere"),
                TestLimits.DEFAULTS.maxTextLength());
        assertEquals(List.of(), corpus.sendAll(this::uri, 8));
    }

    @Test
    void anErrorCarriesTheRefOfTheFrameItAnswers() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        alice.send(message(room, "not joined", "my-ref"));
        JsonObject error = alice.next("error");
        assertEquals("not_in_room", error.getString("code"));
        assertEquals("my-ref", error.getString("ref"));
    }

    @Test
    void unknownTypesAndUnknownFieldsAreTreatedAsDocumented() throws Exception {
        WsClient alice = online(unique("alice"));
        alice.send("{\"type\":\"dance\",\"ref\":\"d1\"}");
        JsonObject error = alice.next("error");
        assertEquals("unknown_type", error.getString("code"));
        assertEquals("d1", error.getString("ref"));
        alice.send("{\"type\":\"ping\",\"ref\":\"p1\",\"extra\":{\"deep\":[1,2,3]}}");
        assertEquals("p1", alice.next("pong").getString("ref"));
    }

    @Test
    void invalidRoomNamesAreRefused() throws Exception {
        WsClient alice = online(unique("alice"));
        for (String room : List.of("", "has space", "é", "x".repeat(65), "a/b", "<script>")) {
            alice.send(join(room));
            assertError(alice, "invalid_room");
        }
        alice.send(join("x".repeat(64)));
        alice.next("joined");
    }

    @Test
    void leaveTypingAndMessageInARoomNotJoinedAreNotInRoom() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        WsClient bob = online(unique("bob"));
        joinRoom(bob, room);
        for (String frame : List.of(leave(room), typing(room, true), message(room, "sneaky"))) {
            alice.send(frame);
            assertError(alice, "not_in_room");
        }
        bob.assertSilentFor(QUIET);
    }

    @Test
    void textIsLimitedInCodePointsNotBytes() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        joinRoom(alice, room);
        int max = TestLimits.DEFAULTS.maxTextLength();
        String longest = "😀".repeat(max); // 2 UTF-16 units and 4 UTF-8 bytes each
        alice.send(message(room, longest));
        assertEquals(longest, alice.next("message").getString("text"));
        alice.send(message(room, longest + "x", "too-long-ref"));
        JsonObject error = alice.next("error");
        assertEquals("too_long", error.getString("code"));
        assertEquals("too-long-ref", error.getString("ref"));
        assertStillOpen(alice);
    }

    @Test
    void textWithControlCharactersOrBidiOverridesIsRefusedAndEverythingElseIsPostedAsTyped() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        joinRoom(alice, room);
        for (String bad : List.of("a\u0000b", "\u001b[2J", "bell\u0007", "del\u007f", "c1\u0085",
                "\u202Eevil", "x\u202Ay", "x\u202Dy", "x\u2066y", "x\u2069y")) {
            alice.send(message(room, bad, "bad-text"));
            JsonObject error = alice.next("error");
            assertEquals("bad_request", error.getString("code"), () -> bad + " -> " + error);
            assertEquals("bad-text", error.getString("ref"));
        }
        WsClient bob = online(unique("bob")); // a burst of its own: refused messages count against the rate too
        joinRoom(bob, room);
        for (String good : List.of("two\nlines\tand a tab\r\n", "שלום \u200F(RTL mark)", "क्षि \u200D joiner",
                "مرحبا", "😀 ok")) {
            bob.send(message(room, good));
            assertEquals(good, bob.nextOfType("message").getString("text"));
        }
    }

    @Test
    void aBinaryFrameGetsAnError() throws Exception {
        WsClient alice = online(unique("alice"));
        alice.sendBinary(new byte[] {1, 2, 3});
        assertError(alice, "bad_request");
    }

    @Test
    void aFrameOverTheSizeLimitClosesWith1009() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        WsClient bob = online(unique("bob"));
        joinRoom(alice, room);
        joinRoom(bob, room);
        alice.next("presence");
        alice.sendExpectingClose(message(room, "x".repeat(TestLimits.DEFAULTS.maxFrameChars())));
        CloseReason reason = alice.awaitClose();
        assertEquals(1009, reason.getCloseCode().getCode());
        assertEquals("leave", bob.next("presence").getString("event"));
    }

    @Test
    void aFloodIsRateLimitedThenClosedWith1008() throws Exception {
        String room = unique("room");
        WsClient alice = online(unique("alice"));
        WsClient witness = online(unique("witness"));
        joinRoom(alice, room);
        joinRoom(witness, room);
        alice.next("presence");

        // The burst passes, then every frame is refused until the strikes run out.
        alice.floodUntilClosed(TestLimits.DEFAULTS.messageBurst() + TestLimits.DEFAULTS.floodStrikes(),
                TestLimits.DEFAULTS.floodStrikes() + 1,
                n -> message(room, "flood " + n));
        assertEquals(1008, alice.awaitClose().getCloseCode().getCode());

        // What the flooder was told before the close: echoes of its accepted messages and its errors.
        // In cluster mode an echo comes back through Redis: it may arrive after the error that
        // earned the close, or after the close (it is then in the room's history, not lost), so
        // the echoes are a prefix of what was posted and only echoes may follow the last error.
        List<String> echoed = new ArrayList<>();
        int limited = 0;
        String last = null;
        String lastOwn = null;
        for (String text : alice.drain()) {
            JsonObject frame = jakarta.json.Json.createReader(new java.io.StringReader(text)).readObject();
            if (frame.getString("type").equals("message")) {
                echoed.add(frame.getString("id"));
            } else {
                assertEquals("rate_limited", frame.getString("code"), frame::toString);
                limited++;
            }
            last = frame.getString("type");
            lastOwn = last.equals("message") ? lastOwn : last;
        }
        assertTrue(limited >= TestLimits.DEFAULTS.floodStrikes(), "errors before the close: " + limited);
        assertEquals("error", echoesComeThroughABackplane() ? lastOwn : last, "the close follows the error that earned it");

        // The witness got every accepted message once, in the order sent, then the flooder's leave.
        List<String> seen = new ArrayList<>();
        int previous = -1;
        JsonObject frame = witness.next();
        for (; frame.getString("type").equals("message"); frame = witness.next()) {
            int n = Integer.parseInt(frame.getString("text").substring("flood ".length()));
            JsonObject delivered = frame;
            assertTrue(n > previous, () -> "out of order or repeated: " + delivered);
            previous = n;
            seen.add(frame.getString("id"));
        }
        assertTrue(seen.size() >= TestLimits.DEFAULTS.messageBurst(), "the burst is allowed: " + seen.size());
        assertEquals(echoed, seen.subList(0, Math.min(echoed.size(), seen.size())), "the flooder's echoes");
        assertTrue(echoed.size() <= seen.size(), "echoed but not delivered: " + echoed);
        assertEquals("presence", frame.getString("type"), frame::toString);
        assertEquals("leave", frame.getString("event"));
    }

    /** {@code members} new clients that have all joined the room. */
    private List<WsClient> crowd(String room, int members) throws Exception {
        List<WsClient> crowd = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            WsClient client = connect("m" + i + unique("x"));
            client.next("welcome");
            joinRoom(client, room);
            crowd.add(client);
        }
        return crowd;
    }

    /**
     * {@code senders} of the crowd, spread over it, each post {@code perSender} messages
     * ("s&lt;sender&gt;-m&lt;n&gt;"), all starting at once, each waiting {@code pace} between its own.
     */
    private static void sendFromEvery(List<WsClient> crowd, int senders, int perSender, String room, Duration pace)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                WsClient sender = crowd.get(s * (crowd.size() / senders));
                int id = s;
                sending.add(pool.submit(() -> {
                    go.await();
                    for (int m = 0; m < perSender; m++) {
                        sender.send(message(room, "s" + id + "-m" + m));
                        if (!pace.isZero()) {
                            Thread.sleep(pace.toMillis()); // the client's own pace, not a wait for a result
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : sending) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aFlooderThatKeepsSendingStillGetsItsCloseFrame1008() throws Exception {
        // Sent without a pause: when the server decides to close, more of the flood is already
        // on its way. A server that closed the socket with that data unread would reset the
        // connection, and the reset would wipe out its close frame at the client (1006).
        int frames = TestLimits.DEFAULTS.frameBurst() + TestLimits.DEFAULTS.floodStrikes() + 400;
        for (int round = 0; round < 3; round++) {
            WsClient flooder = online(unique("flooder"));
            try {
                for (int i = 0; i < frames && flooder.isOpen(); i++) {
                    flooder.send(ping("f" + i));
                }
            } catch (java.io.IOException | RuntimeException closedMidSend) {
                // the server closed while we were writing: what matters is how
            }
            assertEquals(1008, flooder.awaitClose().getCloseCode().getCode(), "round " + round);
        }
    }

    @Test
    void honestSendersInABigRoomAreNeverTakenForFlooders() throws Exception {
        // 10 senders at 4 messages a second, under the 5 a second limit, into a room of 200: the
        // server must keep reading each sender while it broadcasts, or a sender's frames pile up
        // unread and reach the rate limit in one burst.
        String room = unique("honest");
        int senders = 10;
        int perSender = 20;
        List<WsClient> crowd = crowd(room, 200);
        sendFromEvery(crowd, senders, perSender, room, Duration.ofMillis(250)); // 4 a second each
        int expected = senders * perSender;
        for (WsClient client : crowd) {
            Set<String> texts = new HashSet<>();
            while (texts.size() < expected) {
                JsonObject frame = client.next();
                assertNotEquals("error", frame.getString("type"), () -> "an honest sender was refused: " + frame);
                if (frame.getString("type").equals("message")) {
                    assertTrue(texts.add(frame.getString("text")), () -> "twice: " + frame);
                }
            }
        }
    }

    // ------------------------------------------------------------ ordering under load

    @Test
    void twoHundredMembersTenSendingAtOnceAllSeeEveryMessageOnceInOneOrder() throws Exception {
        String room = unique("crowd");
        int senders = 10;
        int perSender = TestLimits.DEFAULTS.messageBurst();
        List<WsClient> crowd = crowd(room, 200);
        sendFromEvery(crowd, senders, perSender, room, Duration.ZERO);
        int expected = senders * perSender;
        List<String> reference = null;
        for (WsClient client : crowd) {
            List<String> ids = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            while (ids.size() < expected) {
                JsonObject frame = client.nextOfType("message");
                ids.add(frame.getString("id"));
                texts.add(frame.getString("text"));
            }
            assertEquals(expected, new HashSet<>(ids).size(), "a message arrived twice");
            assertEquals(expected, new HashSet<>(texts).size());
            if (reference == null) {
                reference = ids;
            } else {
                assertEquals(reference, ids, "members saw different orders");
            }
            for (String extra : client.drain()) {
                assertFalse(extra.contains("\"type\":\"message\""), "an extra message: " + extra);
            }
        }
        assertEquals(reference.stream().sorted().toList(), reference, "ids follow the order of delivery");
    }
}
