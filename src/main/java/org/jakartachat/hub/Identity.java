package org.jakartachat.hub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Who a connection speaks for: the same person across tabs and reconnects (docs/protocol.adoc,
 * "Who is the sender"). A container login is the person. A guest is the holder of a token: a
 * secret the server gives it in {@code welcome}, which it presents again when it reconnects.
 *
 * <p>{@link #key} is what the hub compares: a person's refs are deduplicated against that
 * person's messages only, a name is held by a person (every connection of it may share it),
 * and a room counts people. A guest's key is a hash of its token, so that neither the hub's
 * maps, nor Redis, nor the chat's log lines hold the secret itself. (It travels in the
 * handshake's query string, which a container's access log records if it logs query
 * strings: see docs/protocol.adoc.)
 *
 * @param key   {@code login:<user>} or {@code guest:<hash of the token>}
 * @param token the guest's token, to give back in {@code welcome}; null for a login
 */
public record Identity(String key, String token) {
    /** A token is 128 random bits or more, base64url: anything else is not a token and is replaced. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The person behind a container login. */
    public static Identity login(String user) {
        return new Identity("login:" + user, null);
    }

    /** The guest holding {@code presented}, or a new guest when it is missing or not a token. */
    public static Identity guest(String presented) {
        String token = presented != null && TOKEN.matcher(presented).matches() ? presented : newToken();
        return new Identity("guest:" + hash(token), token);
    }

    /**
     * What clients are told a person is by: a hash of its key, the same on every server and for
     * every name it goes by, from which neither the key nor a guest's token can be read back.
     * It lets a client keep a conversation with one person apart from the next holder of a name.
     */
    public static String handle(String key) {
        return hash("person:" + key);
    }

    public boolean isLogin() {
        return token == null;
    }

    private static String newToken() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Never the token: records print themselves in log lines and assertion messages. */
    @Override
    public String toString() {
        return key;
    }
}
