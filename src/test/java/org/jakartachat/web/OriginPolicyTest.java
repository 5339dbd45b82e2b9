package org.jakartachat.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy policy = new OriginPolicy(List.of("https://chat.example.com"), true);

    @Test
    void acceptsThePagesOwnOriginWithOrWithoutTheDefaultPort() {
        assertTrue(policy.allows("http://localhost:8080", "http", "localhost", 8080));
        assertTrue(policy.allows("HTTP://LocalHost:8080", "http", "localhost", 8080));
        assertTrue(policy.allows("https://host", "https", "host", 443));
        assertTrue(policy.allows("http://host:80", "http", "host", 80));
    }

    @Test
    void acceptsConfiguredOrigins() {
        assertTrue(policy.allows("https://chat.example.com", "http", "internal", 8080));
        assertTrue(policy.allows("https://chat.example.com:443", "http", "internal", 8080));
    }

    @Test
    void refusesEveryOtherOrigin() {
        assertFalse(policy.allows("http://evil.example", "http", "localhost", 8080));
        assertFalse(policy.allows("https://localhost:8080", "http", "localhost", 8080));
        assertFalse(policy.allows("http://localhost:8081", "http", "localhost", 8080));
        assertFalse(policy.allows("null", "http", "localhost", 8080));
        assertFalse(policy.allows("http://localhost:8080/path", "http", "localhost", 8080));
        assertFalse(policy.allows("::", "http", "localhost", 8080));
        assertFalse(policy.allows("http://chat.example.com", "http", "internal", 8080));
    }

    @Test
    void aMissingOriginIsTheConfiguredChoice() {
        assertTrue(policy.allows(null, "http", "localhost", 8080));
        assertFalse(new OriginPolicy(List.of(), false).allows(null, "http", "localhost", 8080));
    }

    @Test
    void aDnsRebindingPageMatchesTheHostHeaderButNotAConfiguredPublicOrigin() {
        // evil.example resolved to this server: the page sends Origin and Host both its own.
        assertTrue(policy.allows("http://evil.example:8080", "http", "evil.example", 8080),
                "without a public origin the Host header decides: what CHAT_PUBLIC_ORIGIN is for");
        OriginPolicy pinned = new OriginPolicy(List.of(), true, "https://chat.example.com");
        assertFalse(pinned.allows("http://evil.example:8080", "http", "evil.example", 8080));
        assertTrue(pinned.allows("https://chat.example.com", "http", "evil.example", 8080),
                "the public origin, whatever Host says");
        assertTrue(pinned.allows("https://chat.example.com:443", "http", "10.0.0.7", 8080));
    }
}
