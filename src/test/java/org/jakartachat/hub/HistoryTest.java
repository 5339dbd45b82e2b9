package org.jakartachat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jakartachat.protocol.ServerFrame.Message;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private final History history = new History("ep", 3);

    private List<String> post(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(history.append("r", "guest:a", "a", "t" + i, "ts", "ref" + i).id());
        }
        return ids;
    }

    private static List<String> ids(HistorySlice slice) {
        return slice.messages().stream().map(Message::id).toList();
    }

    @Test
    void idsAreOrderedAndTheLatestAreKept() {
        List<String> ids = post(5);
        assertEquals(ids.stream().sorted().toList(), ids);
        assertEquals(ids.subList(2, 5), ids(history.latest()));
        assertTrue(history.latest().complete());
    }

    @Test
    void afterAHeldIdIsCompleteAfterAnEvictedOrForeignIdIsNot() {
        List<String> ids = post(5);
        assertEquals(ids.subList(3, 5), ids(history.after(ids.get(2))));
        assertTrue(history.after(ids.get(2)).complete());
        assertTrue(history.after(ids.get(1)).complete(), "the newest evicted id: everything after it is held");
        assertEquals(ids.subList(2, 5), ids(history.after(ids.get(1))));
        assertFalse(history.after(ids.get(0)).complete());
        assertEquals(List.of(), ids(history.after(ids.get(4))));
        assertTrue(history.after(ids.get(4)).complete());
        for (String foreign : List.of("other-000000000004", "ep-4", "ep-000000000009", "ep-00000000000x", "x")) {
            HistorySlice slice = history.after(foreign);
            assertFalse(slice.complete(), foreign);
            assertEquals(ids.subList(2, 5), ids(slice));
        }
    }

    @Test
    void refsAreFoundWhileTheirMessageIsHeld() {
        post(5);
        assertNull(history.byRef("guest:a", "ref1"));
        assertEquals("t4", history.byRef("guest:a", "ref4").text());
    }

    @Test
    void aRefIsFoundForItsOwnSenderOnly() {
        post(5);
        assertNull(history.byRef("guest:b", "ref4"), "another sender's ref is not this one's");
        Message bobs = history.append("r", "guest:b", "b", "bob's", "ts", "ref4");
        assertEquals("bob's", history.byRef("guest:b", "ref4").text());
        assertEquals("t4", history.byRef("guest:a", "ref4").text());
        assertNull(history.byRef("login:a", "ref4"), "a login and a guest are different senders");
        assertEquals(bobs, history.byRef("guest:b", "ref4"));
    }

    @Test
    void aHistoryOfZeroKeepsNothingButStillNumbers() {
        History none = new History("z", 0);
        Message m = none.append("r", "guest:a", "a", "t", "ts", "ref");
        assertTrue(none.latest().messages().isEmpty());
        assertTrue(none.after(m.id()).complete());
        assertNull(none.byRef("guest:a", "ref"));
    }
}
