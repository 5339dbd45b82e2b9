package org.jakartachat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamIdTest {

    @Test
    void wireIdsSortAsTextInTheOrderOfTheStream() {
        List<StreamId> ids = new ArrayList<>();
        for (long sequence = 0; sequence < 25; sequence++) { // more than ten in one millisecond
            ids.add(new StreamId(1_764_211_200_123L, sequence));
        }
        ids.add(new StreamId(1_764_211_200_123L, 999_999));
        ids.add(new StreamId(1_764_211_200_123L, 1_000_000));
        ids.add(new StreamId(1_764_211_200_123L, Long.MAX_VALUE));
        ids.add(new StreamId(1_764_211_200_124L, 0));
        ids.add(new StreamId(9_999_999_999_999L, 3));
        List<String> wire = ids.stream().map(StreamId::wire).toList();
        assertEquals(wire.stream().sorted().toList(), wire);
        assertEquals(ids, ids.stream().sorted(Comparator.naturalOrder()).toList());
        assertEquals("1764211200123-000010", new StreamId(1_764_211_200_123L, 10).wire());
    }

    @Test
    void bothFormsParseBackAndNothingElseDoes() {
        for (StreamId id : List.of(new StreamId(1, 0), new StreamId(1_764_211_200_123L, 42),
                new StreamId(5, 2_000_000), new StreamId(5, Long.MAX_VALUE))) {
            assertEquals(id, StreamId.parse(id.wire()));
            assertEquals(id, StreamId.parse(id.toString()));
        }
        for (String bad : List.of("", "-", "1-", "-1", "1-z", "x-1", "1-x", "1--1", "1-2-3", "z1-1")) {
            assertNull(StreamId.parse(bad), bad);
        }
    }
}
