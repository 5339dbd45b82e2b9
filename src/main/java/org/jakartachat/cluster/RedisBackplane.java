package org.jakartachat.cluster;

import static org.jakartachat.cluster.ScriptReplies.fields;
import static org.jakartachat.cluster.ScriptReplies.text;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.hub.Backplane;
import org.jakartachat.hub.FeedPosition;
import org.jakartachat.hub.HistorySlice;
import org.jakartachat.hub.Person;
import org.jakartachat.hub.Registry;
import org.jakartachat.hub.RoomLog;
import org.jakartachat.hub.RoomMembership;
import org.jakartachat.hub.RoomView;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.InvalidFrameException;
import org.jakartachat.protocol.ServerFrame.Message;
import org.jakartachat.protocol.ServerFrame.TypingNotice;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The backplane on Redis Streams (the keys and the threads are described in this package's
 * documentation). Redis being unreachable is an expected state, not an error: posts and joins
 * get {@code unavailable} (at once while it is known to be away, else once the call fails or
 * waits too long), leaves and renames are held and made once it is back, and the
 * {@link FeedReader} goes on from the last entry it delivered.
 *
 * <p>No call here holds a lock of the hub: a post or a join waits on its own round trip only.
 */
public final class RedisBackplane implements Backplane, RoomLog, RoomMembership, Registry {
    private static final Logger LOG = System.getLogger(RedisBackplane.class.getName());

    /** Entries the feed keeps: a server cut off for longer than this many messages misses some. */
    static final int FEED_LENGTH = 100_000;
    private static final String FEED = "chat:feed";
    private static final int REF_SECONDS = 3600;

    /**
     * KEYS: room stream, ref key ("" for none), feed. ARGV: history size, feed length, ref
     * seconds, room, from, text, ts, ref, origin. Returns {"new", id}, or the ref's hash
     * (id, from, text, ts) when the ref was posted before.
     */
    private static final String POST = String.join("\n",
            "if KEYS[2] ~= '' then",
            "  local seen = redis.call('HGETALL', KEYS[2])",
            "  if #seen > 0 then return seen end",
            "end",
            "local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], '*',",
            "  'from', ARGV[5], 'text', ARGV[6], 'ts', ARGV[7], 'ref', ARGV[8], 'origin', ARGV[9])",
            "if KEYS[2] ~= '' then",
            "  redis.call('HSET', KEYS[2], 'id', id, 'from', ARGV[5], 'text', ARGV[6], 'ts', ARGV[7])",
            "  redis.call('EXPIRE', KEYS[2], ARGV[3])",
            "end",
            "redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*', 'room', ARGV[4], 'id', id,",
            "  'from', ARGV[5], 'text', ARGV[6], 'ts', ARGV[7], 'ref', ARGV[8], 'origin', ARGV[9])",
            "return {'new', id}");

    /** Posts and reads made on the threads handling clients' frames. */
    private final RedisClient redis;
    /** The feed reader's own connection, so that no call elsewhere can keep it waiting for one. */
    private final RedisClient readerClient;
    private final int historySize;
    /** Names this server in the feed, so it recognises its own senders' messages. */
    private final Origins origins = new Origins(UUID.randomUUID().toString());
    private final ClusterPresence presence;
    private FeedReader reader;
    private final RedisDirects directs;
    /** Set by the reader (Redis answered, or did not) and by any call Redis did not answer. */
    private volatile boolean available;
    private final ClusterMetrics metrics;
    /** Room-stream entries read for a join that could not be read as messages, and were passed over. */
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();

    private RedisBackplane(RedisClient redis, RedisClient readerClient, RedisClient changesClient, ChatConfig config,
                           ClusterMetrics metrics) {
        this.metrics = metrics;
        this.redis = redis;
        this.readerClient = readerClient;
        this.historySize = config.historySize();
        this.presence = new ClusterPresence(redis, changesClient, origins.server(), FEED, FEED_LENGTH,
                this::down);
        this.directs = new RedisDirects(redis, FEED, FEED_LENGTH, config.directHistory(),
                config.directKeep().toSeconds(), origins, () -> reader.reached(), () -> reader.started(), () -> available,
                this::down, metrics);
    }

    /**
     * A backplane on the Redis at {@code config.redisUrl()}; it connects when started. The feed
     * reader and the changes thread have a connection each; calls made for clients' frames share
     * a pool of 16, and wait at most 2 s for one of them.
     */
    public static RedisBackplane create(ChatConfig config) {
        return create(config, ClusterMetrics.NONE);
    }

    /** As {@link #create(ChatConfig)}, telling {@code metrics} about Redis. */
    public static RedisBackplane create(ChatConfig config, ClusterMetrics metrics) {
        URI uri = URI.create(config.redisUrl());
        return new RedisBackplane(client(uri, 16), client(uri, 1), client(uri, 1), config, metrics);
    }

    /** Redis did not answer a call: refuse what needs it until the reader finds it back; an outage starts if it was up. */
    private synchronized void down() {
        if (available) {
            available = false;
            metrics.outage();
        }
    }

    private static RedisClient client(URI uri, int connections) {
        DefaultJedisClientConfig client = DefaultJedisClientConfig.builder(uri)
                .connectionTimeoutMillis(1000)
                .socketTimeoutMillis(2000)
                .blockingSocketTimeoutMillis(FeedReader.BLOCK_MILLIS + 2000)
                .clientName("jakartachat")
                .build();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(connections);
        pool.setMaxIdle(connections);
        pool.setMaxWait(java.time.Duration.ofSeconds(2));
        pool.setJmxEnabled(false); // no MBeans left behind by an undeployed WAR
        return RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort()).clientConfig(client).poolConfig(pool)
                .build();
    }

    @Override
    public RoomLog log() {
        return this;
    }

    @Override
    public RoomMembership membership() {
        return this;
    }

    @Override
    public Registry registry() {
        return this;
    }

    @Override
    public org.jakartachat.hub.DirectLog directs() {
        return directs;
    }

    @Override
    public void attach(Deliveries deliveries) {
        this.reader = new FeedReader(readerClient, FEED, origins, deliveries, answering -> {
            synchronized (this) {
                if (answering != available) {
                    LOG.log(Level.INFO, answering ? "Redis reachable: posting and joining available"
                            : "Redis unreachable: posting and joining refused until it is back");
                    if (answering) {
                        available = true;
                    } else {
                        down();
                    }
                }
            }
        }, metrics);
    }

    @Override
    public void start() {
        presence.start();
        reader.start();
    }

    @Override
    public void stop() {
        reader.stop();
        presence.withdraw();
        redis.close();
        readerClient.close();
    }

    @Override
    public void forget(String room) {
        // the room lives on in Redis, for the other servers and for this one's next join
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public long unreadableEntries() {
        return reader.skipped() + skipped.get();
    }

    // ------------------------------------------------------------------ membership

    @Override
    public RoomView enter(String room, long origin, String owner, String name, String since)
            throws InvalidFrameException {
        return view(room, origin, owner, name, since);
    }

    @Override
    public RoomView look(String room, String since) throws InvalidFrameException {
        return view(room, -1, "", null, since);
    }

    /** One round trip: the entry (if {@code name} is given) and the room's read; see ClusterPresence#view. */
    private RoomView view(String room, long origin, String owner, String name, String since)
            throws InvalidFrameException {
        // Held changes go first: a join made before them could be undone by a leave among them.
        if (!available || presence.holding()) {
            throw unavailable(null);
        }
        StreamId from = StreamId.parse(since);
        List<?> reply;
        long start = System.nanoTime();
        try {
            reply = presence.view(room, origin, owner, name, historySize, from == null ? null : from.toString(),
                    since != null);
        } catch (JedisException e) {
            throw unavailable(e, null);
        } finally {
            metrics.redisCall("join", System.nanoTime() - start);
        }
        boolean complete = Long.valueOf(1).equals(reply.get(1));
        boolean newestFirst = Long.valueOf(1).equals(reply.get(2));
        FeedPosition at = FeedReader.position(StreamId.parse(text(reply.get(3))));
        List<String> members = new ArrayList<>();
        for (Object member : (List<?>) reply.get(4)) {
            members.add(text(member));
        }
        List<Message> messages = new ArrayList<>();
        for (Object raw : (List<?>) reply.get(5)) {
            List<?> entry = (List<?>) raw;
            String id = text(entry.get(0));
            List<?> flat = (List<?>) entry.get(1);
            Map<String, String> fields = fields(flat);
            try {
                messages.add(FeedEntry.fromRoomStream(room, id, fields).message());
            } catch (FeedEntry.Unreadable unreadable) {
                skipped.incrementAndGet();
                LOG.log(Level.WARNING, "skipped entry {0} of room {1}: {2}", id, room, unreadable.getMessage());
            }
        }
        if (newestFirst) {
            Collections.reverse(messages);
        }
        return new RoomView(members, new HistorySlice(messages, complete), at);
    }

    @Override
    public void leave(String room, long origin, String owner) {
        presence.leave(room, origin);
    }

    @Override
    public void rename(String room, long origin, String owner, String name, String previous) {
        presence.rename(room, origin, owner, name, previous);
    }

    /** A typing notice is worth nothing late: sent in turn if Redis answers, dropped if not. */
    @Override
    public void typing(String room, long origin, TypingNotice notice) {
        if (available) {
            presence.typing(Map.of("kind", "typing", "room", room, "name", notice.name(),
                    "active", Boolean.toString(notice.active()), "origin", origins.of(origin)));
        }
    }

    // ------------------------------------------------------------------ registry

    @Override
    public int online(int here) {
        return available ? presence.online(here) : here;
    }

    @Override
    public void record(IntSupplier here) {
        presence.record(here);
    }

    @Override
    public void recordNow(IntSupplier here) {
        if (available) {
            presence.recordNow(here);
        } else {
            presence.record(here); // held until Redis is back, like every change
        }
    }

    @Override
    public boolean claimName(String key, String name, long connection, String owner, boolean login) {
        return presence.claimName(key, name, connection, owner, login);
    }

    /** {@code unavailable} rather than "nobody" when Redis does not answer: the sender should try again. */
    @Override
    public Person personNamed(String key) throws InvalidFrameException {
        if (!available) {
            throw unavailable(null);
        }
        try {
            return presence.personNamed(key);
        } catch (JedisException e) {
            throw unavailable(e, null);
        }
    }

    @Override
    public void releaseName(String key, String name, long connection, String owner) {
        presence.releaseName(key, name, connection, owner);
    }

    @Override
    public String nameHeldBy(String owner) {
        return available ? presence.nameHeldBy(owner) : null;
    }

    @Override
    public int nameHolders(String key) {
        return available ? presence.nameHolders(key) : 0;
    }

    // ------------------------------------------------------------------ log

    @Override
    public Message post(String room, long origin, String owner, String from, String text, String ts, String ref)
            throws InvalidFrameException {
        if (!available) {
            throw unavailable(ref);
        }
        Object answer;
        java.util.function.Supplier<Object> call = () -> redis.eval(POST,
                List.of(roomKey(room), ref == null ? "" : refKey(room, owner, ref), FEED),
                // One entry more than the history serves: a client whose last message is the
                // newest one trimmed from the history still finds it, and resumes complete.
                List.of(Integer.toString(historySize + 1), Integer.toString(FEED_LENGTH), Integer.toString(REF_SECONDS),
                        room, from, text, ts, ref == null ? "" : ref, origins.of(origin)));
        long start = System.nanoTime();
        try {
            // With a ref a second try is never posted twice; without one it might be, so it is the client's to make.
            answer = ref != null ? RedisChanges.once(call) : call.get();
        } catch (JedisException e) {
            throw unavailable(e, ref);
        } finally {
            metrics.redisCall("post", System.nanoTime() - start);
        }
        List<?> reply = (List<?>) answer;
        if ("new".equals(text(reply.get(0)))) {
            return null; // the reader delivers it, in the feed's order
        }
        Map<String, String> seen = fields(reply);
        try {
            return FeedEntry.fromRoomStream(room, seen.get("id"), seen).message();
        } catch (FeedEntry.Unreadable unreadable) {
            // The ref's record is the chat's own, written with the message: not readable means a bug.
            throw new IllegalStateException("ref record for " + ref + " in " + room + ": "
                    + unreadable.getMessage());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Redis is known to be away: nothing is tried, so nothing was done. */
    private static InvalidFrameException unavailable(String ref) {
        return InvalidFrameException.unavailable(ref);
    }

    /** A call Redis did not answer: without a ref, nothing was done; a post with one may have been, once. */
    private InvalidFrameException unavailable(JedisException e, String ref) {
        down();
        LOG.log(Level.WARNING, "Redis call failed: {0}", e.toString());
        return ref == null ? InvalidFrameException.unavailable(null) : new InvalidFrameException(ErrorCode.UNAVAILABLE,
                "the chat cannot reach its shared store right now; try again shortly (a retry with the same ref"
                        + " is never posted twice)", ref);
    }

    private static String roomKey(String room) {
        return "chat:room:" + room;
    }

    /** A sender's ref in a room; the person's key is length-prefixed, so no two (person, ref) pairs meet. */
    private static String refKey(String room, String owner, String ref) {
        return "chat:ref:" + room + ":" + owner.length() + ":" + owner + ":" + ref;
    }

}
