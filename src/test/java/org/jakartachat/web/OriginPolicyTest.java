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
}
