package org.jakartachat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {
    private final FrameCodec codec = new FrameCodec();

    @Test
    void decodesEveryClientFrame() throws Exception {
        assertEquals(new ClientFrame.Join("lobby", null), codec.decode("{\"type\":\"join\",\"room\":\"lobby\"}"));
        assertEquals(new ClientFrame.Join("lobby", "x-1"),
                codec.decode("{\"type\":\"join\",\"room\":\"lobby\",\"since\":\"x-1\"}"));
        assertEquals(new ClientFrame.Leave("lobby"), codec.decode("{\"type\":\"leave\",\"room\":\"lobby\"}"));
        assertEquals(new ClientFrame.Post("lobby", "hi", "r1"),
                codec.decode("{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"hi\",\"ref\":\"r1\"}"));
        assertEquals(new ClientFrame.Post("lobby", "hi", null),
                codec.decode("{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"hi\"}"));
        assertEquals(new ClientFrame.Typing("lobby", true),
                codec.decode("{\"type\":\"typing\",\"room\":\"lobby\",\"active\":true}"));
        assertEquals(new ClientFrame.Typing("lobby", false),
                codec.decode("{\"type\":\"typing\",\"room\":\"lobby\",\"active\":false}"));
        assertEquals(new ClientFrame.Rename("bob"), codec.decode("{\"type\":\"rename\",\"name\":\"bob\"}"));
        assertEquals(new ClientFrame.Ping("p"), codec.decode("{\"type\":\"ping\",\"ref\":\"p\"}"));
        assertEquals(new ClientFrame.Ping(null), codec.decode("{\"type\":\"ping\"}"));
    }

    @Test
    void unknownFieldsAreIgnoredAndNullCountsAsAbsent() throws Exception {
        assertEquals(new ClientFrame.Join("lobby", null),
                codec.decode("{\"since\":null,\"type\":\"join\",\"x\":{\"y\":[1]},\"room\":\"lobby\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "nope", "{", "[]", "[{\"type\":\"ping\"}]", "1e999", "\"s\"", "true", "null",
        "{}", "{\"type\":null}", "{\"type\":1}", "{\"type\":[\"join\"]}",
        "{\"type\":\"join\"}", "{\"type\":\"join\",\"room\":1}", "{\"type\":\"join\",\"room\":\"a\",\"since\":5}",
        "{\"type\":\"leave\",\"room\":false}",
        "{\"type\":\"message\",\"room\":\"a\"}", "{\"type\":\"message\",\"room\":\"a\",\"text\":42}",
        "{\"type\":\"message\",\"room\":\"a\",\"text\":true}", "{\"type\":\"message\",\"room\":\"a\",\"text\":{}}",
        "{\"type\":\"message\",\"room\":\"a\",\"text\":\"\\udc00x\"}",
        "{\"type\":\"typing\",\"room\":\"a\"}", "{\"type\":\"typing\",\"room\":\"a\",\"active\":1}",
        "{\"type\":\"typing\",\"room\":\"a\",\"active\":\"true\"}",
        "{\"type\":\"rename\"}", "{\"type\":\"rename\",\"name\":12}", "{\"type\":\"ping\",\"ref\":12}",
    })
    void refusesMalformedFramesAsBadRequest(String text) {
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> codec.decode(text));
        assertEquals(ErrorCode.BAD_REQUEST, e.code(), text);
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void refusesUnknownTypesWithTheirRef() {
        InvalidFrameException e = assertThrows(InvalidFrameException.class,
                () -> codec.decode("{\"type\":\"dance\",\"ref\":\"r9\"}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
        assertEquals("r9", e.ref());
        assertTrue(e.getMessage().contains("dance"));
    }

    @Test
    void anErrorKeepsTheRefOfAFrameWithAWrongField() {
        InvalidFrameException e = assertThrows(InvalidFrameException.class,
                () -> codec.decode("{\"type\":\"message\",\"room\":\"a\",\"text\":1,\"ref\":\"mine\"}"));
        assertEquals("mine", e.ref());
        assertTrue(e.getMessage().contains("'text'"));
    }

    @Test
    void refusesAnOverlongRefWithoutEchoingIt() {
        String ref = "r".repeat(FrameCodec.MAX_REF_LENGTH + 1);
        InvalidFrameException e = assertThrows(InvalidFrameException.class,
                () -> codec.decode("{\"type\":\"ping\",\"ref\":\"" + ref + "\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertNull(e.ref());
    }

    @Test
    void deepNestingIsRefusedNotACrash() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        InvalidFrameException e = assertThrows(InvalidFrameException.class,
                () -> codec.decode("{\"type\":\"ping\",\"x\":" + deep + "}"));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "welcome | {\"type\":\"welcome\",\"name\":\"al\",\"online\":2,\"from\":\"Bot\",\"text\":\"hi\"}",
        "pong    | {\"type\":\"pong\",\"ref\":\"r\"}",
        "error   | {\"type\":\"error\",\"code\":\"too_long\",\"message\":\"m\"}",
    })
    void encodesServerFramesWithTypeFirstAndNoNulls(String type, String expected) {
        var frame = switch (type) {
            case "welcome" -> new ServerFrame.Welcome("al", 2, "Bot", "hi", null);
            case "pong" -> new ServerFrame.Pong("r");
            default -> new ServerFrame.Error("too_long", "m", null);
        };
        assertEquals(expected, codec.encode(frame).json());
    }

    @Test
    void encodesJoinedWithTypedHistory() {
        var message = new ServerFrame.Message("lobby", "e-1", "al", "hi", "2026-01-01T00:00:00Z", null);
        String json = codec.encode(new ServerFrame.Joined("lobby", List.of("al", "bo"), List.of(message), false)).json();
        assertEquals("{\"type\":\"joined\",\"room\":\"lobby\",\"members\":[\"al\",\"bo\"],\"history\":[{\"type\":\"message\","
                + "\"room\":\"lobby\",\"id\":\"e-1\",\"from\":\"al\",\"text\":\"hi\",\"ts\":\"2026-01-01T00:00:00Z\"}],"
                + "\"complete\":false}", json);
        assertEquals(new ServerFrame.Joined("lobby", List.of("al", "bo"), List.of(message), false),
                codec.decodeServerFrame(json));
    }

    @Test
    void encodesPresenceAndTypingAndRenamed() {
        assertEquals("{\"type\":\"presence\",\"room\":\"r\",\"name\":\"b\",\"event\":\"rename\",\"previous\":\"a\",\"count\":3}",
                codec.encode(new ServerFrame.Presence("r", "b", "rename", "a", 3)).json());
        assertEquals("{\"type\":\"typing\",\"room\":\"r\",\"name\":\"b\",\"active\":false}",
                codec.encode(new ServerFrame.TypingNotice("r", "b", false)).json());
        assertEquals("{\"type\":\"renamed\",\"name\":\"b\",\"previous\":\"a\"}",
                codec.encode(new ServerFrame.Renamed("b", "a")).json());
    }

    @Test
    void textIsEscapedAsJsonNotAsHtml() throws Exception {
        String text = "<script>\"q\"\\ \n 😀 \u0000";
        String json = codec.encode(new ServerFrame.Message("r", "1", "a", text, "t", "ref")).json();
        assertEquals(text, ((ServerFrame.Message) codec.decodeServerFrame(json)).text());
    }

    /** What a container does with a frame's text: strict UTF-8, failing on what it cannot encode. */
    private static void assertSendable(String json) {
        try {
            java.nio.charset.StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(json));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError("cannot be sent as UTF-8: " + json, e);
        }
    }

    @Test
    void nothingTheServerEncodesHoldsAnUnpairedSurrogate() {
        for (String bad : List.of("\ud800", "\udc00", "x\ud83d", "\ude00y", "\udc00\ud800", "a".repeat(39) + "\ud83d")) {
            String json = codec.encode(new ServerFrame.Message("r", "1", bad, bad, "t", bad)).json();
            assertSendable(json);
            assertTrue(json.contains("\uFFFD"), json);
        }
        String pair = "ok 😀";
        assertEquals(pair, ((ServerFrame.Message) codec.decodeServerFrame(
                codec.encode(new ServerFrame.Message("r", "1", "a", pair, "t", null)).json())).text());
    }

    @Test
    void anEchoedValueIsCutByCodePointsAndShownHarmlessly() {
        assertEquals("a".repeat(39) + "😀…", FrameCodec.printable("a".repeat(39) + "😀" + "b".repeat(10)));
        assertEquals("?x?y\uFFFD", FrameCodec.printable("\u202Ex\u0000y\ud800"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"\\ud800\"}", "{\"type\":\"\\udc00join\"}",
        "{\"type\":\"ping\",\"type\":\"join\",\"room\":\"a\"}",
        "{\"type\":\"typing\",\"room\":\"a\",\"active\":\"no\",\"active\":true}",
        "{\"type\":\"join\",\"room\":{},\"room\":\"a\"}",
        "{\"type\":\"ping\"} trailing", "{\"type\":\"ping\"}{\"type\":\"ping\"}", "{\"type\":\"ping\"}]",
    })
    void refusesUnpairedTypesDuplicateKeysAndTrailingDataAsBadRequest(String text) {
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> codec.decode(text));
        assertEquals(ErrorCode.BAD_REQUEST, e.code(), text);
        assertSendable(codec.encode(e.toFrame()).json());
    }

    @Test
    void theWholeFieldCorpusDecodesOrIsRefusedWithASendableError() {
        var corpus = new org.jakartachat.testing.FieldCorpus("room", "other", 2000);
        for (var c : corpus.cases()) {
            try {
                codec.decode(c.text());
            } catch (InvalidFrameException refused) {
                assertSendable(codec.encode(refused.toFrame()).json());
            } catch (RuntimeException e) {
                throw new AssertionError(c.describe() + " made decoding throw", e);
            }
        }
    }
}
