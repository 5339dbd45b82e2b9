package org.jakartachat.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Query parameters read from the raw query string, percent-decoded as UTF-8. Containers disagree
 * here (Payara decodes {@code getRequestParameterMap()} as ISO-8859-1), and a name like "Zoë"
 * must arrive the same everywhere; the native handshake and Engine.IO's requests both read theirs so.
 */
public final class QueryString {
    private QueryString() {
    }

    /** The first value of {@code name}; null if absent, or not well-formed (a broken escape is treated as absent). */
    public static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        String prefix = name + "=";
        for (String pair : query.split("&")) {
            if (pair.startsWith(prefix)) {
                try {
                    return URLDecoder.decode(pair.substring(prefix.length()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
        }
        return null;
    }
}
