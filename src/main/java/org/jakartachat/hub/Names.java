package org.jakartachat.hub;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for chat names and room names (docs/protocol.adoc, "Names and rooms"). */
final class Names {
    static final int MAX_NAME = 32;
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Names() {
    }

    /**
     * The name as it will be used (trimmed), or null if it is not a valid name: 1 to 32 code
     * points of Unicode letters and digits, space, {@code _ - .}. Control characters, bidi
     * overrides and every other symbol are refused, so a name always renders as what it is.
     */
    static String normalizeName(String raw) {
        if (raw == null) {
            return null;
        }
        String name = raw.strip();
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > MAX_NAME) {
            return null;
        }
        boolean allowed = name.codePoints().allMatch(cp -> Character.isLetterOrDigit(cp)
                || cp == ' ' || cp == '_' || cp == '-' || cp == '.');
        return allowed ? name : null;
    }

    static boolean validRoom(String room) {
        return room != null && ROOM.matcher(room).matches();
    }

    /** Names are unique without regard to case. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Cuts a name to at most {@code codePoints}, never splitting a surrogate pair. */
    static String truncate(String name, int codePoints) {
        if (name.codePointCount(0, name.length()) <= codePoints) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, codePoints)).strip();
    }
}
