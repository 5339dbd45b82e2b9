package org.jakartachat.endpoint;

import org.jakartachat.hub.Closing;

/**
 * Joins the parts of one text message under the chat's own size limit, and counts the parts
 * of every message, text or binary.
 *
 * <p>The endpoint takes messages in parts so that the frame limit is the chat's setting on
 * every server, not each container's buffer size, and so that a connection's idle buffers
 * stay small. A message may come in at most {@link #MAX_PARTS} parts: the parts of one message
 * are not frames the rate limit sees (a 32 KB message arrives in dozens of buffer-sized parts),
 * so a message that never ends (endless empty continuation frames) is stopped by this count, and
 * by the hub's time limit where a container does not hand empty parts on. Used by one thread at a
 * time (the container delivers a session's messages in order, one at a time).
 */
final class FrameAssembler {
    /** A buffer grown past this for one large message is dropped afterwards, not kept per connection. */
    private static final int RETAINED_CAPACITY = 1024;
    /**
     * Parts of one message: a frame of the largest size arrives in some 64 on Tomcat with the
     * WAR's 512-character text buffer, and a binary one of that size in 256 of 128 bytes.
     */
    static final int MAX_PARTS = 256;

    private final int limit;
    private StringBuilder parts;
    private boolean discarding;
    private int count;
    private long binaryBytes;

    FrameAssembler(int limit) {
        this.limit = limit;
    }

    /** A message over one of the limits: the connection is closed, as {@link #closing} says. */
    abstract static class Overrun extends Exception {
        private static final long serialVersionUID = 1L;

        Overrun() {
            super(null, null, false, false);
        }

        abstract Closing closing();
    }

    /** Thrown once when a message outgrows the limit; the rest of that message is ignored. */
    static final class TooBig extends Overrun {
        private static final long serialVersionUID = 1L;
        private final int limit;

        TooBig(int limit) {
            this.limit = limit;
        }

        @Override
        Closing closing() {
            return Closing.tooBig(limit);
        }
    }

    /** Thrown once when a message comes in more than {@link #MAX_PARTS} parts. */
    static final class TooManyParts extends Overrun {
        private static final long serialVersionUID = 1L;

        @Override
        Closing closing() {
            return Closing.TOO_MANY_PARTS;
        }
    }

    /**
     * Counts a part of a binary message, which is not kept (binary is refused once it is
     * complete); one larger than the frame limit in bytes is too big, as a text one is.
     */
    void count(int bytes, boolean last) throws Overrun {
        counted(last);
        binaryBytes += bytes;
        if (binaryBytes > limit) {
            binaryBytes = 0;
            throw new TooBig(limit);
        }
        if (last) {
            binaryBytes = 0;
        }
    }

    /** Counts a part; the last part of a message ends its count. */
    private void counted(boolean last) throws TooManyParts {
        if (last) {
            count = 0;
        } else if (++count >= MAX_PARTS) { // this part and the last one to come would make MAX_PARTS + 1
            count = 0;
            reset();
            throw new TooManyParts();
        }
    }

    /** The whole message when {@code last}, otherwise null. */
    String add(String part, boolean last) throws Overrun {
        counted(last);
        if (discarding) {
            discarding = !last;
            return null;
        }
        int held = parts == null ? 0 : parts.length();
        if (held + part.length() > limit) {
            discarding = !last;
            reset();
            throw new TooBig(limit);
        }
        if (last && held == 0) {
            return part; // the usual case: a message in one part, no copy
        }
        if (parts == null) {
            parts = new StringBuilder(Math.min(limit, Math.max(256, part.length() * 2)));
        }
        parts.append(part);
        if (!last) {
            return null;
        }
        String whole = parts.toString();
        reset();
        return whole;
    }

    private void reset() {
        if (parts != null && parts.capacity() > RETAINED_CAPACITY) {
            parts = null;
        } else if (parts != null) {
            parts.setLength(0);
        }
    }
}
