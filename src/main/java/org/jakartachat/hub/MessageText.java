package org.jakartachat.hub;

/**
 * What message text may hold (docs/protocol.adoc, {@code message}): any text but control
 * characters (tab, line feed and carriage return excepted) and the bidi embeddings, overrides
 * and isolates. Those are refused rather than stripped, so that what a sender sees posted is
 * exactly what it typed: NUL and ESC reach terminals and logs that read them, and an override
 * makes a line read backwards in every client, the next lines too where the client does not
 * end it. The bidi marks (U+200E, U+200F) and joiners stay allowed: scripts need them.
 */
final class MessageText {
    private MessageText() {
    }

    /** Why the text is refused ("U+202E at 3"), or null when it may be posted. */
    static String refusal(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (refused(cp)) {
                return String.format("U+%04X at %d", cp, text.codePointCount(0, i) + 1);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    private static boolean refused(int cp) {
        if (Character.isISOControl(cp)) {
            return cp != '\t' && cp != '\n' && cp != '\r';
        }
        return cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
    }
}
