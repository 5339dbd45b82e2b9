package org.jakartachat.protocol;

/**
 * A server frame's JSON text, encoded once. A broadcast hands the same instance to every
 * recipient, so a room of a thousand costs one encoding, not a thousand. Only the text is
 * kept: a frame waiting in a slow client's queue holds no copy of the objects it came from.
 *
 * @param json  the frame's text
 * @param bytes its length in UTF-8, as it goes on the wire: counted once here for the metrics
 *              of every delivery, not once a delivery
 */
public record EncodedFrame(String json, int bytes) {

    public EncodedFrame(String json) {
        this(json, utf8Length(json));
    }

    private static int utf8Length(String text) {
        int bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // 2 bytes below U+0800, else 3; a surrogate pair is 4 for its two chars
                bytes += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }
}
