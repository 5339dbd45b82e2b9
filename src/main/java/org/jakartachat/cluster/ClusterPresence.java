package org.jakartachat.cluster;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Who is in which room, which names are taken and how many are online, across servers, and the
 * liveness of each server. Presence changes go into the same feed as messages, so every
 * server announces them in one order with the messages around them.
 *
 * <p>Keys: {@code chat:members:<room>} (hash: server/connection to name), {@code chat:names}
 * (hash: name key to holder), {@code chat:online} (hash: server to its connections),
 * {@code chat:server:<id>} (expires unless the server renews it), {@code chat:servers} (set),
 * and per server the indexes {@code chat:server:<id>:members} and {@code :names}, which let
 * any survivor remove a dead server's members (announced as {@code leave}) and names.
 */
final class ClusterPresence {
    private static final Logger LOG = System.getLogger(ClusterPresence.class.getName());

    /** A server that has not renewed its key for this long is dead. */
    static final long SERVER_TTL_MILLIS = 6000;
    /** How often a server renews its key and looks for dead ones. */
    static final long BEAT_MILLIS = 2000;
    /** Hash: server to its count of connections. */
    private static final String ONLINE = "chat:online";
    /** Presence changes held while Redis is away (leaves and renames; joins are refused then). */
    private static final int MAX_PENDING = 100_000;

    /** KEYS: members, server's member index, feed. ARGV: field, name, room, index entry, feed length, origin, event, previous. */
    private static final String ENTER = String.join("\n",
            "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])",
            "redis.call('SADD', KEYS[2], ARGV[4])",
            "local count = redis.call('HLEN', KEYS[1])",
            "redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'kind', 'presence', 'room', ARGV[3],",
            "  'event', ARGV[7], 'name', ARGV[2], 'previous', ARGV[8], 'count', count, 'origin', ARGV[6])",
            "return count");

    /** KEYS: members, server's member index, feed. ARGV: field, room, index entry, feed length, origin. */
    private static final String LEAVE = String.join("\n",
            "local name = redis.call('HGET', KEYS[1], ARGV[1])",
            "redis.call('SREM', KEYS[2], ARGV[3])",
            "if not name then return -1 end",
            "redis.call('HDEL', KEYS[1], ARGV[1])",
            "local count = redis.call('HLEN', KEYS[1])",
            "redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], '*', 'kind', 'presence', 'room', ARGV[2],",
            "  'event', 'leave', 'name', name, 'previous', '', 'count', count, 'origin', ARGV[5])",
            "return count");

    /** KEYS: names, server's name index. ARGV: key, holder. 1 if the holder has the name now. */
    private static final String CLAIM = String.join("\n",
            "local held = redis.call('HGET', KEYS[1], ARGV[1])",
            "if held and held ~= ARGV[2] then return 0 end",
            "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])",
            "redis.call('SADD', KEYS[2], ARGV[1])",
            "return 1");

    /** KEYS: names, server's name index. ARGV: key, holder. */
    private static final String RELEASE = String.join("\n",
            "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) end",
            "redis.call('SREM', KEYS[2], ARGV[1])",
            "return 1");

    private final RedisClient redis;
    private final String server;
    private final String feed;
    private final int feedLength;
    /** Changes that could not reach Redis, replayed in order by the reader thread once it can. */
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private long lastBeat;

    ClusterPresence(RedisClient redis, String server, String feed, int feedLength) {
        this.redis = redis;
        this.server = server;
        this.feed = feed;
        this.feedLength = feedLength;
    }

    private static String membersKey(String room) {
        return "chat:members:" + room;
    }

    /** Expires unless the server renews it: the server is alive. */
    private static String aliveKey(String ofServer) {
        return "chat:server:" + ofServer;
    }

    /** The server's memberships ({@code <room>|<connection>}), so a survivor can remove them. */
    private static String memberIndex(String ofServer) {
        return aliveKey(ofServer) + ":members";
    }

    /** The names the server claimed, so a survivor can free them. */
    private static String nameIndex(String ofServer) {
        return aliveKey(ofServer) + ":names";
    }

    private String field(long connection) {
        return server + "/" + connection;
    }

    // ------------------------------------------------------------------ presence

    /**
     * A connection entered a room or changed its name there. If Redis cannot be told now, the
     * change is held and replayed, in order, once it answers again.
     */
    void enter(String room, long connection, String event, String name, String previous) {
        run(() -> redis.eval(ENTER, List.of(membersKey(room), memberIndex(server), feed),
                List.of(field(connection), name, room, room + "|" + connection, Integer.toString(feedLength),
                        field(connection), event, previous == null ? "" : previous)));
    }

    void leave(String room, long connection) {
        leave(room, server, connection);
    }

    private void leave(String room, String ofServer, long connection) {
        String who = ofServer + "/" + connection;
        run(() -> redis.eval(LEAVE, List.of(membersKey(room), memberIndex(ofServer), feed),
                List.of(who, room, room + "|" + connection, Integer.toString(feedLength), who)));
    }

    List<String> members(String room) {
        return new ArrayList<>(redis.hvals(membersKey(room)));
    }

    /** Records this server's connections. */
    void record(int here) {
        try {
            redis.hset(ONLINE, server, Integer.toString(here));
        } catch (JedisException e) {
            // Redis away: the next connect or health check records it again
        }
    }

    /** Records this server's connections and returns the cluster's. */
    int online(int here) {
        try {
            redis.hset(ONLINE, server, Integer.toString(here));
            int total = 0;
            for (String count : redis.hvals(ONLINE)) {
                total += Integer.parseInt(count);
            }
            return total;
        } catch (JedisException | NumberFormatException e) {
            return here; // Redis away: this server's own count is the best it knows
        }
    }

    boolean claimName(String key, long connection, String login) {
        try {
            return Long.valueOf(1).equals(redis.eval(CLAIM, List.of("chat:names", nameIndex(server)),
                    List.of(key, holder(connection, login))));
        } catch (JedisException e) {
            LOG.log(Level.WARNING, "Redis away: name {0} checked on this server only", key);
            return true;
        }
    }

    void releaseName(String key, long connection, String login) {
        run(() -> redis.eval(RELEASE, List.of("chat:names", nameIndex(server)),
                List.of(key, holder(connection, login))));
    }

    private String holder(long connection, String login) {
        return login != null ? "login:" + login : field(connection);
    }

    // ------------------------------------------------------------------ the reader thread's duties

    /**
     * Called by the reader thread on every round while Redis answers: replays held changes,
     * renews this server's key, and removes servers whose key expired.
     */
    void beat(long nowMillis) {
        replay();
        if (nowMillis - lastBeat < BEAT_MILLIS) {
            return;
        }
        lastBeat = nowMillis;
        redis.set(aliveKey(server), "alive", SetParams.setParams().px(SERVER_TTL_MILLIS));
        redis.sadd("chat:servers", server);
        for (String other : redis.smembers("chat:servers")) {
            if (!other.equals(server) && !redis.exists(aliveKey(other))
                    && "OK".equals(redis.set("chat:sweep:" + other, server, SetParams.setParams().nx().px(30_000)))) {
                removeDead(other);
            }
        }
    }

    /** Takes a dead server's members out of their rooms (announced as leave) and frees its names. */
    private void removeDead(String dead) {
        int members = 0;
        for (String entry : redis.smembers(memberIndex(dead))) {
            int bar = entry.lastIndexOf('|');
            leave(entry.substring(0, bar), dead, Long.parseLong(entry.substring(bar + 1)));
            members++;
        }
        for (String key : redis.smembers(nameIndex(dead))) {
            String held = redis.hget("chat:names", key);
            if (held != null && (held.startsWith(dead + "/") || held.startsWith("login:"))) {
                redis.hdel("chat:names", key);
            }
        }
        redis.hdel(ONLINE, dead);
        redis.srem("chat:servers", dead);
        redis.del(memberIndex(dead), nameIndex(dead));
        LOG.log(Level.WARNING, "server {0} stopped renewing its key: removed its {1} memberships", dead, members);
    }

    /** This server is stopping (its connections have left already): its count and key go. */
    void withdraw() {
        try {
            replay();
        } catch (JedisException e) {
            // Redis away: the survivors will remove this server once its key expires
        }
        try {
            redis.hdel(ONLINE, server);
            redis.srem("chat:servers", server);
            redis.del(aliveKey(server));
        } catch (JedisException e) {
            // Redis away: the survivors will remove this server once its key expires
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Runs a change now, or holds it (in order, behind others held) until Redis answers again. */
    private void run(Runnable change) {
        synchronized (pending) {
            if (pending.isEmpty()) {
                try {
                    change.run();
                    return;
                } catch (JedisException e) {
                    LOG.log(Level.WARNING, "Redis away: presence change held until it is back ({0})", e.toString());
                }
            }
            if (pending.size() < MAX_PENDING) {
                pending.add(change);
            }
        }
    }

    private void replay() {
        synchronized (pending) {
            while (!pending.isEmpty()) {
                pending.peek().run(); // a JedisException leaves it queued for the next round
                pending.remove();
            }
        }
    }
}
