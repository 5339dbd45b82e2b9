package org.jakartachat.cluster;

/**
 * A Redis stream entry id, {@code <milliseconds>-<sequence>}: the id of a message in cluster
 * mode. Ids order the messages of one room.
 */
record StreamId(long millis, long sequence) implements Comparable<StreamId> {

    /** The id, or null for anything that is not one (a client's {@code since} can be any string). */
    static StreamId parse(String text) {
        if (text == null) {
            return null;
        }
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1 || text.length() > 41) {
            return null;
        }
        try {
            long millis = Long.parseLong(text, 0, dash, 10);
            long sequence = Long.parseLong(text, dash + 1, text.length(), 10);
            return millis < 0 || sequence < 0 ? null : new StreamId(millis, sequence);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int compareTo(StreamId other) {
        int byMillis = Long.compare(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
