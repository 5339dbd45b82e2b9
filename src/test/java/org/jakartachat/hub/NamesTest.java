package org.jakartachat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Zoë", "李小龙", "o.brien", "a b", "a_b-c.d", "x2",
        "देवनागरी", "हिन्दी", "தமிழ்", "ภาษาไทย", "Tiếng Việt", "Ελληνικά", "Кирилл", "עברית", "العربية", "한국어"})
    void acceptsLettersDigitsSpaceAndPunctuation(String name) {
        assertEquals(name, Names.normalizeName(name));
    }

    @Test
    void trimsAndCountsCodePoints() {
        assertEquals("alice", Names.normalizeName("  alice\t"));
        String astral = "𝒜".repeat(32); // 32 code points, 64 UTF-16 units
        assertEquals(astral, Names.normalizeName(astral));
        assertNull(Names.normalizeName(astral + "𝒜"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "<b>", "a\u202Eb", "a\u200Fb", "a\u0000b", "tab\tin", "😀", "a/b",
        "123456789012345678901234567890123",
        "alice\u3164", "\u3164", "\u115F\u1160", "a\uFFA0", "a\u200Bb", "a\u2060b", "\u034Falice",
        "\u0301alice", "x\u0301\u0301\u0301\u0301\u0301", "a\u20DD"})
    void refusesEverythingElse(String name) {
        assertNull(Names.normalizeName(name));
    }

    @Test
    void roomsAreAsciiLettersDigitsUnderscoreAndDash() {
        assertTrue(Names.validRoom("lobby"));
        assertTrue(Names.validRoom("A_b-9"));
        assertTrue(Names.validRoom("x".repeat(64)));
        assertFalse(Names.validRoom("x".repeat(65)));
        assertFalse(Names.validRoom(""));
        assertFalse(Names.validRoom(null));
        assertFalse(Names.validRoom("é"));
        assertFalse(Names.validRoom("a b"));
    }

    @Test
    void truncateNeverSplitsASurrogatePair() {
        assertEquals("ab𝒜", Names.truncate("ab𝒜𝒜", 3));
    }

    private static Connection connection() {
        FakeTransport transport = new FakeTransport();
        TokenBucket bucket = new TokenBucket(1, 1, System::nanoTime);
        return new Connection(1, transport, Identity.guest(null), c -> new Outbox(transport, 1, () -> { }, e -> { }), bucket, bucket);
    }

    @Test
    void registrySuffixesCaseInsensitiveDuplicatesWithinTheLimit() {
        NameRegistry registry = new NameRegistry();
        assertEquals("Alice", registry.claimWithSuffix("Alice", connection()));
        assertEquals("alice-2", registry.claimWithSuffix("alice", connection()));
        assertEquals("ALICE-3", registry.claimWithSuffix("ALICE", connection()));
        String longName = "n".repeat(32);
        registry.claimWithSuffix(longName, connection());
        String second = registry.claimWithSuffix(longName, connection());
        assertEquals("n".repeat(30) + "-2", second);
    }

    @Test
    void registryClaimsAreExclusiveUntilReleasedByTheirHolder() {
        NameRegistry registry = new NameRegistry();
        Connection alice = connection();
        Connection other = connection();
        assertTrue(registry.claim("alice", alice));
        assertTrue(registry.claim("ALICE", alice), "its own name in another case");
        assertFalse(registry.claim("Alice", other));
        registry.release("alice", other);
        assertFalse(registry.claim("alice", other), "only the holder releases");
        registry.release("alice", alice);
        assertTrue(registry.claim("alice", other));
    }

    @Test
    void namesAreInNfcWithRunsOfSpacesMadeOne() {
        assertEquals("bob smith", Names.normalizeName("bob  smith"));
        assertEquals("bob smith", Names.normalizeName(" bob \t smith ".replace("\t", " ")));
        assertEquals("Zo\u00EB", Names.normalizeName("Zoe\u0308"), "a letter and its mark become one in NFC");
        assertEquals("x\u0301\u0301\u0301\u0301", Names.normalizeName("x\u0301\u0301\u0301\u0301"), "four marks");
    }

    @ParameterizedTest
    @ValueSource(strings = {"аlice", "ALICE", "ａｌｉｃｅ", "𝐚𝐥𝐢𝐜𝐞", "alіce", "ɑlice", "al\u0131ce"})
    void namesThatLookLikeAliceAreAlice(String lookalike) {
        assertEquals(Names.key("alice"), Names.key(lookalike), lookalike);
    }

    @Test
    void differentNamesStayDifferent() {
        assertFalse(Names.key("alice").equals(Names.key("alicia")));
        assertFalse(Names.key("Кирилл").equals(Names.key("Kirill")));
    }

    @Test
    void aLookalikeOfAHeldNameIsTakenAndTheBotNameIsReserved() {
        NameRegistry registry = new NameRegistry(new LocalBackplane(0), "ChatBot");
        Connection alice = connection();
        assertTrue(registry.claim("alice", alice));
        assertFalse(registry.claim("аlice", connection()), "Cyrillic a");
        assertEquals("ａｌｉｃｅ-2", registry.claimWithSuffix("ａｌｉｃｅ", connection()));
        assertFalse(registry.claim("ChatBot", connection()));
        assertFalse(registry.claim("chatb0t", connection()), "zero for o");
        assertEquals("ChatBot-2", registry.claimWithSuffix("ChatBot", connection()));
    }
}
