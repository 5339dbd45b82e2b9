package org.jakartachat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ChatConfig c = ChatConfig.defaults();
        assertEquals(2000, c.maxTextLength());
        assertEquals(32_768, c.maxFrameChars());
        assertEquals(100, c.historySize());
        assertEquals(256, c.maxRooms());
        assertEquals(20, c.maxRoomsPerConnection());
        assertEquals(5.0, c.messageRate());
        assertEquals(10, c.messageBurst());
        assertEquals(20.0, c.frameRate());
        assertEquals(40, c.frameBurst());
        assertEquals(0.2, c.renameRate());
        assertEquals(10, c.renameBurst());
        assertEquals(20, c.floodStrikes());
        assertEquals(256, c.outboxFrames());
        assertEquals(Duration.ofSeconds(25), c.heartbeat());
        assertEquals(List.of(), c.allowedOrigins());
        assertTrue(c.allowMissingOrigin());
        assertEquals("ChatBot", c.botName());
        assertEquals(1 << 20, c.outboxBytes());
        assertEquals(1.0, c.joinRate());
        assertEquals(25, c.joinBurst());
        assertEquals(32, c.roomsPerAddress());
        assertEquals(Duration.ofMinutes(15), c.roomKeep());
        assertEquals(32, c.maxConnectionsPerAddress());
        assertEquals(List.of(), c.trustedProxies());
        assertEquals(null, c.publicOrigin());
    }

    @Test
    void proxiesAreAddressesAndThePublicOriginAnOrigin() {
        Map<String, String> env = Map.of("CHAT_TRUSTED_PROXIES", "10.0.0.5, 2001:DB8::1",
                "CHAT_PUBLIC_ORIGIN", "https://Chat.Example.com");
        ChatConfig c = ChatConfig.load(name -> null, env::get);
        assertEquals(List.of("10.0.0.5", "2001:db8:0:0:0:0:0:1"), c.trustedProxies());
        assertEquals("https://chat.example.com", c.publicOrigin());
        Map<String, String> bad = Map.of("CHAT_TRUSTED_PROXIES", "proxy.example.com",
                "CHAT_PUBLIC_ORIGIN", "chat.example.com", "CHAT_ROOMS_PER_ADDRESS", "5",
                "CHAT_JOIN_BURST", "20");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatConfig.load(name -> null, bad::get));
        for (String name : bad.keySet()) {
            assertTrue(e.getMessage().contains(name), () -> name + " missing from: " + e.getMessage());
        }
    }

    @Test
    void environmentVariablesAndSystemPropertiesOverrideDefaultsPropertiesFirst() {
        Map<String, String> env = Map.of("CHAT_HISTORY_SIZE", "7", "CHAT_MAX_TEXT", "300",
                "CHAT_ALLOWED_ORIGINS", "https://Chat.Example.com, http://localhost:3000",
                "CHAT_ALLOW_NO_ORIGIN", "false");
        Map<String, String> props = Map.of("chat.history.size", "9");
        ChatConfig c = ChatConfig.load(props::get, env::get);
        assertEquals(9, c.historySize());
        assertEquals(300, c.maxTextLength());
        assertEquals(List.of("https://chat.example.com", "http://localhost:3000"), c.allowedOrigins());
        assertFalse(c.allowMissingOrigin());
    }

    @Test
    void everyInvalidValueIsNamedInOneMessage() {
        Map<String, String> env = Map.of("CHAT_HISTORY_SIZE", "lots", "CHAT_MESSAGE_RATE", "-1",
                "CHAT_ALLOW_NO_ORIGIN", "maybe", "CHAT_ALLOWED_ORIGINS", "chat.example.com");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatConfig.load(name -> null, env::get));
        for (String name : env.keySet()) {
            assertTrue(e.getMessage().contains(name), () -> name + " missing from: " + e.getMessage());
        }
    }

    @Test
    void aFrameLimitTooSmallForTheTextLimitIsRefused() {
        Map<String, String> env = Map.of("CHAT_MAX_TEXT", "10000", "CHAT_MAX_FRAME", "16384");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatConfig.load(name -> null, env::get));
        assertTrue(e.getMessage().contains("CHAT_MAX_FRAME"));
    }

    @Test
    void propertyNamesFollowVariableNames() {
        assertEquals("chat.history.size", ChatConfig.propertyName("CHAT_HISTORY_SIZE"));
    }
}
