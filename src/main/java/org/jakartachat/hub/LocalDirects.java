package org.jakartachat.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.InvalidFrameException;
import org.jakartachat.protocol.ServerFrame.Direct;

/**
 * One server on its own: every person's direct messages and blocks, in memory. A mailbox holds
 * a person's latest {@code directHistory} messages, sent and received (a message is one object
 * in both of its people's mailboxes), the refs it sent them with, and the names it blocks. At
 * most {@code maxMailboxes} are kept, the least recently used going first, and none longer than
 * {@code keep} after its last use; but never the mailbox of someone connected to this server, so
 * that nobody's blocks can be pushed out by a stranger making new guests (there are then at most
 * as many more mailboxes as people connected).
 *
 * <p>One monitor ({@link #order}) guards all of it and is held while a message gets its position
 * and is handed to {@link Backplane.Deliveries}: so every person's messages reach its
 * connections in the order of their positions, across conversations, and a client that resumes
 * after the last id it saw misses none. Direct messages are few beside room messages; one lock
 * for them all costs little.
 */
final class LocalDirects implements DirectLog {
    /** Names one person may block. */
    static final int MAX_BLOCKS = 100;

    /** One person's direct messages and blocks; guarded by {@link #order}. */
    private static final class Mailbox {
        final ArrayDeque<Stored> messages = new ArrayDeque<>();
        /** The sender's refs of the messages still held, by ref. */
        final Map<String, Direct> refs = new HashMap<>();
        /** Position of the newest message this mailbox has let go of (0: none). */
        long droppedUpTo;
        /**
         * The latest position when it was made: one made again (after it was let go of) holds
         * nothing from before, which a resume from an id before this is told.
         */
        final long madeAt;
        /** Blocked names by key, each as the person typed it. */
        final Map<String, String> blocks = new LinkedHashMap<>();
        long usedAt;

        Mailbox(long madeAt) {
            this.madeAt = madeAt;
        }
    }

    private record Stored(long position, Direct message, String ref) {
    }

    private final Object order = new Object();
    private final int size;
    private final int maxMailboxes;
    private final long keepNanos;
    private final LongSupplier nanoTime;
    private final LongSupplier nextPosition;
    private final LongSupplier lastPosition;
    private final EpochIds ids = EpochIds.random();
    /** In order of use, least recent first. */
    private final LinkedHashMap<String, Mailbox> mailboxes = new LinkedHashMap<>(16, 0.75f, true);
    private Backplane.Deliveries deliveries;

    /**
     * @param nextPosition takes the next position of the server's one order of events
     * @param lastPosition the latest position taken
     */
    LocalDirects(int size, int maxMailboxes, long keepNanos, LongSupplier nanoTime, LongSupplier nextPosition,
                 LongSupplier lastPosition) {
        this.size = size;
        this.maxMailboxes = maxMailboxes;
        this.keepNanos = keepNanos;
        this.nanoTime = nanoTime;
        this.nextPosition = nextPosition;
        this.lastPosition = lastPosition;
    }

    void attach(Backplane.Deliveries newDeliveries) {
        this.deliveries = newDeliveries;
    }

    @Override
    public Direct send(Person from, Person to, String fromKey, String text, String ts, long origin, String ref)
            throws InvalidFrameException {
        synchronized (order) {
            Mailbox known = mailbox(from.owner(), false);
            Direct original = ref == null || known == null ? null : known.refs.get(ref);
            if (original != null) {
                return original;
            }
            Mailbox blocking = mailbox(to.owner(), false);
            if (blocking != null && blocking.blocks.containsKey(fromKey)) {
                throw blocked(ref); // refused before anything is made for it
            }
            Mailbox sender = mailbox(from.owner(), true);
            Mailbox recipient = mailbox(to.owner(), true);
            long position = nextPosition.getAsLong();
            Direct message = new Direct(ids.id(position), from.name(), to.name(), text, ts,
                    Identity.handle(from.owner()), Identity.handle(to.owner()), null);
            add(sender, new Stored(position, message, ref));
            add(recipient, new Stored(position, message, null));
            deliveries.direct(new FeedPosition(0, position), message, from.owner(), to.owner(), origin, ref);
            return null;
        }
    }

    @Override
    public DirectSlice read(String owner, String since, FeedPosition upTo) {
        long after = since == null ? 0 : positionOf(since);
        synchronized (order) {
            Mailbox mailbox = mailbox(owner, false);
            if (mailbox == null) {
                return new DirectSlice(List.of(), since == null); // a since of its means what it held is gone
            }
            List<Direct> found = new ArrayList<>();
            for (Stored stored : mailbox.messages) {
                if (stored.position() > Math.max(after, 0) && stored.position() <= upTo.low()) {
                    found.add(stored.message());
                }
            }
            boolean complete = since == null ? mailbox.droppedUpTo == 0
                    : after >= mailbox.droppedUpTo && after >= mailbox.madeAt;
            return new DirectSlice(found, complete);
        }
    }

    @Override
    public List<String> block(String owner, String key, String name, boolean blocked) throws InvalidFrameException {
        synchronized (order) {
            Mailbox mailbox = mailbox(owner, true);
            if (!blocked) {
                mailbox.blocks.remove(key);
            } else if (!mailbox.blocks.containsKey(key)) {
                if (mailbox.blocks.size() >= MAX_BLOCKS) {
                    throw new InvalidFrameException(ErrorCode.FORBIDDEN, "you block " + MAX_BLOCKS
                            + " names already; unblock one first", null);
                }
                mailbox.blocks.put(key, name);
            }
            return mailbox.blocks.values().stream().sorted().toList();
        }
    }

    @Override
    public FeedPosition delivered() {
        return new FeedPosition(0, lastPosition.getAsLong());
    }

    /** Mailboxes held, for tests that check the bound. */
    int mailboxes() {
        synchronized (order) {
            return mailboxes.size();
        }
    }

    private static InvalidFrameException blocked(String ref) {
        return new InvalidFrameException(ErrorCode.BLOCKED, "this person does not take direct messages from you", ref);
    }

    /**
     * Under order: the person's mailbox, used now; made if {@code make}, after letting go of stale
     * ones. Someone connected here is still using theirs: it is never let go of.
     */
    private Mailbox mailbox(String owner, boolean make) {
        long now = nanoTime.getAsLong();
        for (Iterator<Map.Entry<String, Mailbox>> oldest = mailboxes.entrySet().iterator(); oldest.hasNext(); ) {
            Map.Entry<String, Mailbox> stale = oldest.next();
            if (now - stale.getValue().usedAt < keepNanos) {
                break;
            }
            if (deliveries.present(stale.getKey())) {
                stale.getValue().usedAt = now; // in use; found fresh at the front next time
            } else {
                oldest.remove();
            }
        }
        Mailbox mailbox = mailboxes.get(owner);
        if (mailbox == null && make) {
            if (mailboxes.size() >= maxMailboxes) {
                for (Iterator<String> eldest = mailboxes.keySet().iterator(); eldest.hasNext(); ) {
                    if (!deliveries.present(eldest.next())) {
                        eldest.remove();
                        break;
                    }
                }
            }
            mailbox = new Mailbox(lastPosition.getAsLong());
            mailboxes.put(owner, mailbox);
        }
        if (mailbox != null) {
            mailbox.usedAt = now;
        }
        return mailbox;
    }

    private void add(Mailbox mailbox, Stored stored) {
        if (size == 0) {
            mailbox.droppedUpTo = stored.position();
            return;
        }
        if (mailbox.messages.size() == size) {
            Stored dropped = mailbox.messages.removeFirst();
            mailbox.droppedUpTo = dropped.position();
            if (dropped.ref() != null) {
                mailbox.refs.remove(dropped.ref(), dropped.message());
            }
        }
        mailbox.messages.addLast(stored);
        if (stored.ref() != null) {
            mailbox.refs.put(stored.ref(), stored.message());
        }
    }

    /** The position of an id this server issued, or -1 for any other string. */
    private long positionOf(String id) {
        long position = ids.numberOf(id);
        return position <= lastPosition.getAsLong() ? position : -1;
    }
}
