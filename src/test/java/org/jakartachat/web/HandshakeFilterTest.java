package org.jakartachat.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "name=alice", "name=Zo%C3%AB", "name=%41", "a=1&b=%2F%2f", "name=a+b"})
    void wellFormedEscapesPass(String query) {
        assertTrue(HandshakeFilter.wellFormed(query), query);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "name=%", "name=%zz", "name=%2", "name=a%", "name=%G1", "a=%4", "x=%%41"})
    void aBrokenEscapeIsNotWellFormed(String query) {
        assertFalse(HandshakeFilter.wellFormed(query), query);
    }
}
