package org.jakartachat.cluster;

/**
 * A Redis stream entry id, {@code <milliseconds>-<sequence>}: the id of a message in cluster
 * mode. Ids order the messages of one room.
 *
 * <p>Clients get an id in its {@link #wire} form, which sorts as text in the same order
 * (docs/protocol.adoc promises that later ids sort after earlier ones): Redis's own form does
 * not, as {@code …-10} sorts before {@code …-9}.
 */
record StreamId(long millis, long sequence) implements Comparable<StreamId> {
    private static final long SIX_DIGITS = 1_000_000;

    /**
     * The id, or null for anything that is not one (a client's {@code since} can be any string).
     * Reads the wire form and Redis's own.
     */
    static StreamId parse(String text) {
        if (text == null) {
            return null;
        }
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1 || text.length() > 41) {
            return null;
        }
        int sequenceStart = text.charAt(dash + 1) == 'z' ? dash + 2 : dash + 1;
        try {
            long millis = Long.parseLong(text, 0, dash, 10);
            long sequence = Long.parseLong(text, sequenceStart, text.length(), 10);
            return millis < 0 || sequence < 0 ? null : new StreamId(millis, sequence);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * The id as clients get it: the milliseconds in 13 digits (enough until the year 2286) and
     * the sequence in 6, or, past 999,999 in one millisecond (which one Redis cannot write, but
     * an XADD with an explicit id can), {@code z} and 19 digits, which sorts after every 6-digit one.
     */
    String wire() {
        return sequence < SIX_DIGITS ? String.format("%013d-%06d", millis, sequence)
                : String.format("%013d-z%019d", millis, sequence);
    }

    @Override
    public int compareTo(StreamId other) {
        int byMillis = Long.compare(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
    }

    /** Redis's own form, for commands. */
    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
