package org.jakartachat.cluster;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jakartachat.hub.Backplane.Deliveries;
import org.jakartachat.hub.FeedPosition;
import org.jakartachat.protocol.ServerFrame.Presence;
import org.jakartachat.protocol.ServerFrame.TypingNotice;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * This server's one reader of {@code chat:feed}: reads it with a blocking {@code XREAD}, reads
 * each entry into a {@link FeedEntry} and hands it to the hub's {@link Deliveries} at the
 * entry's position. It makes no other call to Redis, so nothing but the feed itself delays
 * it. Redis being away is an expected state: the reader retries with backoff and, once Redis
 * answers again, goes on from the last entry it read, so nothing is delivered twice or out of order.
 */
final class FeedReader {
    private static final Logger LOG = System.getLogger(FeedReader.class.getName());
    static final int BLOCK_MILLIS = 1000;
    private static final long MAX_BACKOFF_MILLIS = 5000;

    private final RedisClient redis;
    private final String feed;
    private final Origins origins;
    private final Deliveries deliveries;
    /** Told true each time the feed answers, false each time it does not. */
    private final java.util.function.Consumer<Boolean> reachable;
    private final AtomicLong skipped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running;
    /**
     * The position of the entry being handed to the hub, set before it is: a connection that
     * registers for direct messages after reading it gets every later one from this reader, and
     * every one up to it from its mailbox (see the hub's People).
     */
    private volatile FeedPosition reached = FeedPosition.START;
    /**
     * Where the reader started: the feed's newest entry when it first read it (null until then).
     * A connection registered before that (at START) gets everything after it live.
     */
    private volatile FeedPosition started;

    private final ClusterMetrics metrics;

    FeedReader(RedisClient redis, String feed, Origins origins, Deliveries deliveries,
               java.util.function.Consumer<Boolean> reachable, ClusterMetrics metrics) {
        this.metrics = metrics;
        this.redis = redis;
        this.feed = feed;
        this.origins = origins;
        this.deliveries = deliveries;
        this.reachable = reachable;
        this.thread = new Thread(this::read, "chat-redis-reader");
        this.thread.setDaemon(true);
    }

    void start() {
        running = true;
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(BLOCK_MILLIS + 3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The position of the newest entry read, handed to the hub or on its way there. */
    FeedPosition reached() {
        return reached;
    }

    /** Where the reader started reading the feed, or null if it has not yet. */
    FeedPosition started() {
        return started;
    }

    /** Feed entries that could not be read or handled, and were passed over. */
    long skipped() {
        return skipped.get();
    }

    /** A Redis stream id as a hub position. */
    static FeedPosition position(StreamId id) {
        return new FeedPosition(id.millis(), id.sequence());
    }

    private void read() {
        String cursor = null;
        long backoff = 100;
        boolean answering = false;
        while (running) {
            try {
                if (cursor == null) {
                    List<StreamEntry> newest = redis.xrevrange(feed, "+", "-", 1);
                    cursor = newest.isEmpty() ? "0-0" : newest.get(0).getID().toString();
                    started = position(StreamId.parse(cursor));
                    reached = started;
                }
                if (!answering) {
                    redis.ping();
                    answering = true;
                    backoff = 100;
                }
                reachable.accept(true); // each round: also after a call elsewhere failed while the feed answered
                var got = redis.xread(XReadParams.xReadParams().block(BLOCK_MILLIS).count(1000),
                        Map.of(feed, new StreamEntryID(cursor)));
                if (got == null) {
                    continue;
                }
                for (var stream : got) {
                    for (StreamEntry entry : stream.getValue()) {
                        // The cursor moves past every entry, whatever becomes of it: one entry
                        // that cannot be handled must not stop the feed for every later one.
                        cursor = entry.getID().toString();
                        handle(cursor, entry.getFields());
                    }
                }
            } catch (JedisException e) {
                if (answering || backoff == 100) {
                    LOG.log(Level.WARNING, "Redis unreachable, retrying: {0}", e.toString());
                }
                answering = false;
                reachable.accept(false);
                sleep(backoff + ThreadLocalRandom.current().nextLong(backoff));
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Redis reader failed; continuing", e);
                sleep(1000);
            }
        }
    }

    /**
     * Hands one feed entry to the hub. One that cannot be read (see {@link FeedEntry}), or whose
     * handling fails, is counted, logged and passed over.
     */
    private void handle(String id, Map<String, String> fields) {
        try {
            StreamId feedId = StreamId.parse(id);
            FeedPosition at = position(feedId);
            reached = at;
            // The entry's id is Redis's clock when it was added; this server's may differ by the
            // clocks' skew, which is what the figure then shows (never below zero).
            metrics.feedLag(Math.max(0, System.currentTimeMillis() - feedId.millis()));
            FeedEntry entry = FeedEntry.parse(fields);
            if (entry instanceof FeedEntry.Posted posted) {
                deliveries.message(posted.room(), at, posted.message(), origins.local(posted.origin()), posted.ref());
            } else if (entry instanceof FeedEntry.PresenceChange change) {
                Presence presence = new Presence(change.room(), change.name(), change.event(), change.previous(),
                        change.count());
                long except = Presence.LEAVE.equals(change.event()) ? -1 : origins.local(change.origin());
                deliveries.presence(change.room(), at, presence, except);
            } else if (entry instanceof FeedEntry.DirectSent direct) {
                deliveries.direct(at, direct.message(feedId), direct.sender(), direct.recipient(),
                        origins.local(direct.origin()), direct.ref());
            } else if (entry instanceof FeedEntry.Typing typing) {
                deliveries.typing(typing.room(), new TypingNotice(typing.room(), typing.name(), typing.active()),
                        origins.local(typing.origin()));
            }
        } catch (FeedEntry.Unreadable unreadable) {
            skipped.incrementAndGet();
            LOG.log(Level.WARNING, "skipped feed entry {0}: {1}", id, unreadable.getMessage());
        } catch (RuntimeException failed) {
            skipped.incrementAndGet();
            LOG.log(Level.ERROR, "failed to handle feed entry " + id + "; skipped", failed);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
