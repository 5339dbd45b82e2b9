package org.jakartachat.hub;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.regex.Pattern;

/**
 * The rules for chat names and room names (docs/protocol.adoc, "Names and rooms").
 *
 * <p>A name is what people see, so two names that look the same are the same name. Uniqueness
 * compares {@link #key keys}: the Unicode TR39 confusable skeleton of the case-folded name, so
 * Cyrillic {@code аlice}, fullwidth {@code ａｌｉｃｅ} and mathematical bold {@code 𝐚𝐥𝐢𝐜𝐞} are all
 * {@code alice}. What cannot be seen is refused outright: characters Unicode marks as ignorable
 * by default (the Hangul fillers among them, which are letters and were accepted), and runs of
 * spaces are one space.
 */
final class Names {
    static final int MAX_NAME = 32;
    /** Combining marks on one letter: enough for any script's real clusters, not for a tower over the page. */
    static final int MAX_MARKS = 4;
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SPACES = Pattern.compile(" {2,}");

    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();
    private static final Normalizer2 FOLD = Normalizer2.getNFKCCasefoldInstance();
    /** Immutable once built, and its skeletons are thread-safe (ICU's documentation). */
    private static final SpoofChecker CONFUSABLES = new SpoofChecker.Builder().build();

    private Names() {
    }

    /**
     * The name as it will be used, or null if it is not a valid name. In NFC, with leading and
     * trailing white space removed and runs of spaces made one; then 1 to 32 code points of
     * letters and digits (each with at most {@value #MAX_MARKS} combining marks, so scripts such as
     * Devanagari are written as they are), space, {@code _ - .}. Control characters, bidi
     * controls, default-ignorable characters and every other symbol are refused, so a name always
     * renders as what it is.
     */
    static String normalizeName(String raw) {
        if (raw == null) {
            return null;
        }
        String name = SPACES.matcher(NFC.normalize(raw.strip())).replaceAll(" ");
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > MAX_NAME) {
            return null;
        }
        int marks = 0;
        boolean afterBase = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
                return null;
            }
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK) {
                if (!afterBase || ++marks > MAX_MARKS) {
                    return null;
                }
                continue;
            }
            marks = 0;
            afterBase = Character.isLetterOrDigit(cp);
            if (!afterBase && cp != ' ' && cp != '_' && cp != '-' && cp != '.') {
                return null;
            }
        }
        return name;
    }

    static boolean validRoom(String room) {
        return room != null && ROOM.matcher(room).matches();
    }

    /**
     * What names are unique by: two names with one key look alike. The name is case-folded
     * (which also folds compatibility forms such as fullwidth and mathematical letters), reduced
     * to its TR39 skeleton (so letters of other scripts that look like Latin ones become them),
     * and case-folded again, since skeletons map some characters to capitals ({@code 0} to {@code O}).
     */
    static String key(String name) {
        return FOLD.normalize(CONFUSABLES.getSkeleton(FOLD.normalize(name)));
    }

    /** Cuts a name to at most {@code codePoints}, never splitting a surrogate pair. */
    static String truncate(String name, int codePoints) {
        if (name.codePointCount(0, name.length()) <= codePoints) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, codePoints)).strip();
    }
}
