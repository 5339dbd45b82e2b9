package org.jakartachat.cluster;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.hub.Backplane;
import org.jakartachat.hub.HistorySlice;
import org.jakartachat.hub.Room;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.InvalidFrameException;
import org.jakartachat.protocol.ServerFrame.Message;
import org.jakartachat.protocol.ServerFrame.Presence;
import org.jakartachat.protocol.ServerFrame.TypingNotice;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The backplane on Redis Streams (the keys and the threads are described in this package's
 * documentation). Redis being unreachable is an expected state, not an error: posts and joins
 * get {@code unavailable} at once, the reader retries with backoff, and once Redis answers
 * again it continues the feed from the last entry it delivered, so nothing is delivered twice
 * or out of order.
 */
public final class RedisBackplane implements Backplane {
    private static final Logger LOG = System.getLogger(RedisBackplane.class.getName());

    /** Entries the feed keeps: a server cut off for longer than this many messages misses some. */
    static final int FEED_LENGTH = 100_000;
    private static final String FEED = "chat:feed";
    private static final int REF_SECONDS = 3600;
    private static final int BLOCK_MILLIS = 1000;
    private static final long MAX_BACKOFF_MILLIS = 5000;

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

    private final RedisClient redis;
    private final int historySize;
    /** Names this server in the feed, so it recognises its own senders' messages. */
    private final String instance = UUID.randomUUID().toString();
    /** Per room, the last message delivered here: read and written holding the room's monitor. */
    private final Map<String, StreamId> delivered = new ConcurrentHashMap<>();
    /**
     * Per room, this server's connections that joined it but whose own join the reader has not
     * read back from the feed yet. The feed's presence changes before that join are older than
     * the joiner's member list, so they are not announced to it. Read and written holding the
     * room's monitor; a connection stays only until its join comes back.
     */
    private final Map<String, Set<Long>> joining = new ConcurrentHashMap<>();
    private final ClusterPresence presence;
    private final Thread reader;
    private volatile boolean running;
    private volatile boolean available;
    private volatile Receiver receiver;
    /** Feed and room-stream entries that could not be read or handled, and were left behind. */
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();

    private RedisBackplane(RedisClient redis, int historySize) {
        this.redis = redis;
        this.historySize = historySize;
        this.presence = new ClusterPresence(redis, instance, FEED, FEED_LENGTH);
        this.reader = new Thread(this::read, "chat-redis-reader");
        this.reader.setDaemon(true);
    }

    /** A backplane on the Redis at {@code config.redisUrl()}; it connects when started. */
    public static RedisBackplane create(ChatConfig config) {
        URI uri = URI.create(config.redisUrl());
        DefaultJedisClientConfig client = DefaultJedisClientConfig.builder(uri)
                .connectionTimeoutMillis(1000)
                .socketTimeoutMillis(2000)
                .blockingSocketTimeoutMillis(BLOCK_MILLIS + 2000)
                .clientName("jakartachat")
                .build();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setJmxEnabled(false); // no MBeans left behind by an undeployed WAR
        RedisClient redis = RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort())
                .clientConfig(client).poolConfig(pool).build();
        return new RedisBackplane(redis, config.historySize());
    }

    @Override
    public void attach(Receiver newReceiver) {
        this.receiver = newReceiver;
    }

    @Override
    public void start() {
        running = true;
        reader.start();
    }

    @Override
    public void stop() {
        running = false;
        reader.interrupt();
        try {
            reader.join(BLOCK_MILLIS + 3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        presence.withdraw();
        redis.close();
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public long unreadableEntries() {
        return skipped.get();
    }

    @Override
    public void presence(Room room, long origin, String owner, String event, String name, String previous) {
        if (Presence.LEAVE.equals(event)) {
            presence.leave(room.name(), origin);
            forget(room.name(), origin);
        } else if (presence.enter(room.name(), origin, owner, event, name, previous) && Presence.JOIN.equals(event)) {
            // Only an announced join comes back through the feed to end the wait. A person's
            // second connection announces nothing and is not excluded, so a change the reader
            // has not delivered yet, older than its member list, may still reach it; presence
            // is applied as set changes, so that repeats a notice at worst.
            joining.computeIfAbsent(room.name(), r -> new HashSet<>()).add(origin);
        }
    }

    private void forget(String room, long connection) {
        Set<Long> joiners = joining.get(room);
        if (joiners != null && joiners.remove(connection) && joiners.isEmpty()) {
            joining.remove(room);
        }
    }

    /** A typing notice is worth nothing late: sent if Redis answers, dropped if not. */
    @Override
    public void typing(Room room, long origin, TypingNotice notice) {
        if (!available) {
            return;
        }
        try {
            redis.xadd(FEED, XAddParams.xAddParams().maxLen(FEED_LENGTH).approximateTrimming(),
                    Map.of("kind", "typing", "room", room.name(), "name", notice.name(),
                            "active", Boolean.toString(notice.active()), "origin", origin(origin)));
        } catch (JedisException e) {
            LOG.log(Level.DEBUG, "typing notice dropped, Redis away: {0}", e.toString());
        }
    }

    @Override
    public List<String> members(Room room) throws InvalidFrameException {
        requireAvailable(null);
        try {
            return presence.members(room.name());
        } catch (JedisException e) {
            throw unavailable(e, null);
        }
    }

    @Override
    public int online(int here) {
        return available ? presence.online(here) : here;
    }

    @Override
    public void record(int here) {
        if (available) {
            presence.record(here);
        }
    }

    @Override
    public boolean claimName(String key, String name, long connection, String owner) {
        return presence.claimName(key, name, connection, owner);
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

    @Override
    public Message post(Room room, long origin, String owner, String from, String text, String ts, String ref)
            throws InvalidFrameException {
        requireAvailable(ref);
        Object answer;
        try {
            answer = redis.eval(POST,
                    List.of(roomKey(room.name()), ref == null ? "" : refKey(room.name(), owner, ref), FEED),
                    // One entry more than the history serves: a client whose last message is the
                    // newest one trimmed from the history still finds it, and resumes complete.
                    List.of(Integer.toString(historySize + 1), Integer.toString(FEED_LENGTH), Integer.toString(REF_SECONDS),
                            room.name(), from, text, ts, ref == null ? "" : ref, origin(origin)));
        } catch (JedisException e) {
            throw unavailable(e, ref);
        }
        List<?> reply = (List<?>) answer;
        if ("new".equals(text(reply.get(0)))) {
            return null; // the reader delivers it, in the feed's order
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            seen.put(text(reply.get(i)), text(reply.get(i + 1)));
        }
        try {
            return FeedEntry.fromRoomStream(room.name(), seen.get("id"), seen).message();
        } catch (FeedEntry.Unreadable unreadable) {
            // The ref's record is the chat's own, written with the message: not readable means a bug.
            throw new IllegalStateException("ref record for " + ref + " in " + room.name() + ": "
                    + unreadable.getMessage());
        }
    }

    @Override
    public HistorySlice history(Room room, String since) throws InvalidFrameException {
        requireAvailable(null);
        String key = roomKey(room.name());
        try {
            catchUp(room.name(), key);
            StreamId from = StreamId.parse(since);
            if (from != null && !redis.xrange(key, from.toString(), from.toString(), 1).isEmpty()) {
                // The stream still holds that id and so, trimmed from its oldest end, every one
                // after it: at most the history size, as the stream keeps one more than that.
                return new HistorySlice(historySize == 0 ? List.of()
                        : messages(room.name(), redis.xrange(key, "(" + from, "+", historySize)), true);
            }
            if (historySize == 0) {
                return new HistorySlice(List.of(), since == null);
            }
            List<StreamEntry> latest = new ArrayList<>(redis.xrevrange(key, "+", "-", historySize));
            Collections.reverse(latest);
            return new HistorySlice(messages(room.name(), latest), since == null);
        } catch (JedisException e) {
            throw unavailable(e, null);
        }
    }

    /**
     * Delivers, to the members already here, whatever the room's stream holds beyond what the
     * reader has delivered, so the history read next ends where live delivery continues.
     */
    private void catchUp(String room, String key) {
        StreamId last = delivered.get(room);
        if (last == null) {
            List<StreamEntry> newest = redis.xrevrange(key, "+", "-", 1);
            delivered.put(room, newest.isEmpty() ? new StreamId(0, 0) : StreamId.parse(newest.get(0).getID().toString()));
            return;
        }
        for (StreamEntry entry : redis.xrange(key, "(" + last, "+")) {
            FeedEntry.Posted posted = posted(room, entry);
            if (posted != null) {
                deliver(posted);
            }
        }
    }

    private List<Message> messages(String room, List<StreamEntry> entries) {
        List<Message> messages = new ArrayList<>(entries.size());
        for (StreamEntry entry : entries) {
            FeedEntry.Posted posted = posted(room, entry);
            if (posted != null) {
                messages.add(posted.message());
            }
        }
        return messages;
    }

    /** A room stream's entry as a message, or null (counted and logged) if it is not one. */
    private FeedEntry.Posted posted(String room, StreamEntry entry) {
        try {
            return FeedEntry.fromRoomStream(room, entry.getID().toString(), entry.getFields());
        } catch (FeedEntry.Unreadable unreadable) {
            skipped.incrementAndGet();
            LOG.log(Level.WARNING, "skipped entry {0} of room {1}: {2}", entry.getID(), room, unreadable.getMessage());
            return null;
        }
    }

    // ------------------------------------------------------------------ reader

    private void read() {
        String cursor = null;
        long backoff = 100;
        while (running) {
            try {
                if (cursor == null) {
                    List<StreamEntry> newest = redis.xrevrange(FEED, "+", "-", 1);
                    cursor = newest.isEmpty() ? "0-0" : newest.get(0).getID().toString();
                }
                if (!available) {
                    redis.ping();
                    LOG.log(Level.INFO, "Redis reachable: posting and joining available");
                    available = true;
                    backoff = 100;
                }
                presence.beat(System.currentTimeMillis());
                var got = redis.xread(XReadParams.xReadParams().block(BLOCK_MILLIS).count(1000),
                        Map.of(FEED, new StreamEntryID(cursor)));
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
                if (available || backoff == 100) {
                    LOG.log(Level.WARNING, "Redis unreachable, retrying: {0}", e.toString());
                }
                available = false;
                sleep(backoff + ThreadLocalRandom.current().nextLong(backoff));
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Redis reader failed; continuing", e);
                sleep(1000);
            }
        }
    }

    /**
     * Handles one feed entry. One that cannot be read (see {@link FeedEntry}), or whose handling
     * fails, is counted, logged and left behind.
     */
    private void handle(String id, Map<String, String> fields) {
        try {
            FeedEntry entry = FeedEntry.parse(fields);
            if (entry instanceof FeedEntry.Posted posted) {
                receiver.inRoom(posted.room(), () -> deliver(posted));
            } else if (entry instanceof FeedEntry.PresenceChange change) {
                announce(change);
            } else if (entry instanceof FeedEntry.Typing typing) {
                TypingNotice notice = new TypingNotice(typing.room(), typing.name(), typing.active());
                long origin = localConnection(typing.origin());
                receiver.inRoom(typing.room(), () -> receiver.typing(typing.room(), notice, origin));
            }
        } catch (FeedEntry.Unreadable unreadable) {
            skipped.incrementAndGet();
            LOG.log(Level.WARNING, "skipped feed entry {0}: {1}", id, unreadable.getMessage());
        } catch (RuntimeException failed) {
            skipped.incrementAndGet();
            LOG.log(Level.ERROR, "failed to handle feed entry " + id + "; skipped", failed);
        }
    }

    /** A presence change from the feed, for this server's members of its room. */
    private void announce(FeedEntry.PresenceChange f) {
        String room = f.room();
        String event = f.event();
        Presence change = new Presence(room, f.name(), event, f.previous(), f.count());
        long from = localConnection(f.origin());
        long origin = Presence.LEAVE.equals(event) ? -1 : from;
        receiver.inRoom(room, () -> {
            if (Presence.JOIN.equals(event)) {
                forget(room, from); // its own join is back: what follows is news to it
            }
            Set<Long> joiners = joining.get(room);
            // A view, not a copy: the set changes only under the room's monitor, held here.
            receiver.presence(room, change, origin, joiners == null ? Set.of() : Collections.unmodifiableSet(joiners));
        });
    }


    /** Who posted, as the feed records it: this server and the connection. */
    private String origin(long connection) {
        return instance + "/" + connection;
    }

    /** The connection id in an origin written by this server, else -1. */
    private long localConnection(String origin) {
        if (!origin.startsWith(instance + "/")) {
            return -1;
        }
        try {
            return Long.parseLong(origin.substring(instance.length() + 1));
        } catch (NumberFormatException notOurs) {
            return -1;
        }
    }

    /** Delivers one message unless this server already has; holds the room's monitor. */
    private void deliver(FeedEntry.Posted posted) {
        StreamId last = delivered.get(posted.room());
        if (last != null && posted.id().compareTo(last) <= 0) {
            return; // a join's catch-up delivered it already
        }
        delivered.put(posted.room(), posted.id());
        receiver.deliver(posted.room(), posted.message(), localConnection(posted.origin()), posted.ref());
    }

    // ------------------------------------------------------------------ helpers

    private void requireAvailable(String ref) throws InvalidFrameException {
        if (!available) {
            throw new InvalidFrameException(ErrorCode.UNAVAILABLE,
                    "the chat cannot reach its shared store right now; nothing was done, try again shortly", ref);
        }
    }

    private InvalidFrameException unavailable(JedisException e, String ref) {
        available = false;
        LOG.log(Level.WARNING, "Redis call failed: {0}", e.toString());
        return new InvalidFrameException(ErrorCode.UNAVAILABLE,
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

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(value);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
