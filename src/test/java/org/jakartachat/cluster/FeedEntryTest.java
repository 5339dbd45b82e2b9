package org.jakartachat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedEntryTest {

    @Test
    void theEntriesTheChatWritesAreReadAsTheirTypes() throws Exception {
        FeedEntry posted = FeedEntry.parse(Map.of("room", "lobby", "id", "1700000000000-12", "from", "ann",
                "text", "hi", "ts", "2026-12-02T05:00:00Z", "ref", "", "origin", "x/3"));
        assertEquals(new FeedEntry.Posted("lobby", new StreamId(1700000000000L, 12), "ann", "hi",
                "2026-12-02T05:00:00Z", null, "x/3"), posted);
        FeedEntry presence = FeedEntry.parse(Map.of("kind", "presence", "room", "lobby", "event", "rename",
                "name", "bo", "previous", "bob", "count", "3", "origin", "x/4"));
        assertEquals(new FeedEntry.PresenceChange("lobby", "bo", "rename", "bob", 3, "x/4"), presence);
        FeedEntry typing = FeedEntry.parse(Map.of("kind", "typing", "room", "lobby", "name", "ann", "active", "true"));
        assertEquals(new FeedEntry.Typing("lobby", "ann", true, ""), typing);
    }

    @Test
    void everyOtherShapeIsUnreadableAndSaysWhy() {
        Map<String, String> good = Map.of("room", "lobby", "id", "1-1", "from", "ann", "text", "hi", "ts", "t");
        for (String missing : good.keySet()) {
            Map<String, String> without = new HashMap<>(good);
            without.remove(missing);
            FeedEntry.Unreadable e = assertThrows(FeedEntry.Unreadable.class, () -> FeedEntry.parse(without), missing);
            assertTrue(e.getMessage().contains(missing), e.getMessage());
        }
        for (Map<String, String> bad : java.util.List.of(Map.of("x", "y"),
                Map.of("room", "a b", "id", "1-1", "from", "f", "text", "t", "ts", "t"),
                Map.of("room", "lobby", "id", "1-x", "from", "f", "text", "t", "ts", "t"),
                Map.of("kind", "presence", "room", "lobby", "event", "join", "name", "n", "count", "many"),
                Map.of("kind", "presence", "room", "lobby", "event", "join", "name", "n", "count", "-2"),
                Map.of("kind", "presence", "room", "lobby", "event", "dance", "name", "n", "count", "1"),
                Map.of("kind", "typing", "room", "lobby", "name", "n", "active", "yes"),
                Map.of("kind", "riddle", "room", "lobby"))) {
            assertThrows(FeedEntry.Unreadable.class, () -> FeedEntry.parse(bad), bad::toString);
        }
    }

    @Test
    void aValueInTheReasonCannotForgeALogLine() {
        FeedEntry.Unreadable e = assertThrows(FeedEntry.Unreadable.class,
                () -> FeedEntry.parse(Map.of("kind", "x\nSEVERE: forged", "room", "lobby")));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
